# WebSocket API: $connect / $disconnect / $default, as `chalice package` wires
# @app.on_ws_connect / on_ws_disconnect / on_ws_message. Frames carry {"action": ...}; the
# app dispatches actions itself, so everything not $connect/$disconnect/ping lands on $default.
locals {
  ws_routes = {
    "$connect"    = "websocket_connect"
    "$disconnect" = "websocket_disconnect"
    "$default"    = "websocket_message"
  }
}

resource "aws_apigatewayv2_api" "websocket" {
  name                       = "${local.base_name}-websocket"
  description                = "Cloud Chat real-time API"
  protocol_type              = "WEBSOCKET"
  route_selection_expression = "$request.body.action"
  tags                       = var.tags
}

resource "aws_apigatewayv2_integration" "ws" {
  for_each = local.ws_routes

  api_id                    = aws_apigatewayv2_api.websocket.id
  integration_type          = "AWS_PROXY"
  integration_method        = "POST"
  integration_uri           = "arn:${local.partition}:apigateway:${local.region}:lambda:path/2015-03-31/functions/${aws_lambda_function.this[each.value].arn}:$${stageVariables.lambdaAlias}/invocations"
  content_handling_strategy = "CONVERT_TO_TEXT"
  passthrough_behavior      = "WHEN_NO_MATCH"
}

resource "aws_apigatewayv2_route" "ws" {
  #checkov:skip=CKV_AWS_309:$connect authenticates the Cognito token passed as ?token= inside ws_connect (browsers cannot set headers on a WebSocket); $default/$disconnect only act for connections registered at $connect.
  for_each = local.ws_routes

  api_id             = aws_apigatewayv2_api.websocket.id
  route_key          = each.key
  authorization_type = "NONE"
  target             = "integrations/${aws_apigatewayv2_integration.ws[each.key].id}"
}

resource "aws_lambda_permission" "ws" {
  for_each = local.ws_routes

  statement_id  = "AllowWebSocketInvoke"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.this[each.value].function_name
  qualifier     = aws_lambda_alias.live[each.value].name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.websocket.execution_arn}/*/${each.key}"
}

# {"action":"ping"} is answered by API Gateway itself: a MOCK integration and a route response,
# so a keep-alive costs one API Gateway message and no Lambda invocation. The reply is the
# contract the local emulator and the web client share: exactly {"event":"pong"}.
resource "aws_apigatewayv2_integration" "ping" {
  api_id                        = aws_apigatewayv2_api.websocket.id
  integration_type              = "MOCK"
  template_selection_expression = "\\$default"
  request_templates             = { "$default" = jsonencode({ statusCode = 200 }) }
}

resource "aws_apigatewayv2_integration_response" "ping" {
  api_id                        = aws_apigatewayv2_api.websocket.id
  integration_id                = aws_apigatewayv2_integration.ping.id
  integration_response_key      = "$default"
  template_selection_expression = "\\$default"
  response_templates            = { "$default" = jsonencode({ event = "pong" }) }
}

resource "aws_apigatewayv2_route" "ping" {
  #checkov:skip=CKV_AWS_309:Only connections that passed the token check at $connect can send frames; the MOCK reply carries no data.
  api_id                              = aws_apigatewayv2_api.websocket.id
  route_key                           = "ping"
  authorization_type                  = "NONE"
  target                              = "integrations/${aws_apigatewayv2_integration.ping.id}"
  route_response_selection_expression = "$default"
}

resource "aws_apigatewayv2_route_response" "ping" {
  api_id             = aws_apigatewayv2_api.websocket.id
  route_id           = aws_apigatewayv2_route.ping.id
  route_response_key = "$default"
}

# Re-created whenever a route, integration or response changes; the references in triggers also
# order it after all of them (as for the REST deployment).
resource "aws_apigatewayv2_deployment" "websocket" {
  api_id      = aws_apigatewayv2_api.websocket.id
  description = "Cloud Chat ${var.stage}"

  triggers = {
    redeployment = sha1(jsonencode([
      aws_apigatewayv2_route.ws,
      aws_apigatewayv2_integration.ws,
      aws_apigatewayv2_route.ping,
      aws_apigatewayv2_integration.ping,
      aws_apigatewayv2_integration_response.ping,
      aws_apigatewayv2_route_response.ping,
    ]))
  }

  lifecycle {
    create_before_destroy = true
  }
}

# The WebSocket stage's execution log group, pre-created for the same reason as rest_execution.
resource "aws_cloudwatch_log_group" "ws_execution" {
  name              = "/aws/apigateway/${aws_apigatewayv2_api.websocket.id}/${local.ws_stage_name}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arns.logs
  tags              = var.tags
}

resource "aws_cloudwatch_log_group" "ws_access" {
  name              = "/aws/apigateway/${local.base_name}-websocket/access"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arns.logs
  tags              = var.tags
}

resource "aws_apigatewayv2_stage" "websocket" {
  #checkov:skip=CKV2_AWS_51:Browsers open the WebSocket; mutual TLS client certificates do not apply. Auth is the Cognito token checked at $connect.
  api_id        = aws_apigatewayv2_api.websocket.id
  name          = local.ws_stage_name
  deployment_id = aws_apigatewayv2_deployment.websocket.id

  stage_variables = {
    lambdaAlias = var.live_alias_name
  }

  default_route_settings {
    logging_level            = var.execution_logging_level
    data_trace_enabled       = false
    detailed_metrics_enabled = true
    throttling_rate_limit    = var.throttle.rate_limit
    throttling_burst_limit   = var.throttle.burst_limit
  }

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.ws_access.arn
    format = jsonencode({
      requestId    = "$context.requestId"
      ip           = "$context.identity.sourceIp"
      requestTime  = "$context.requestTime"
      routeKey     = "$context.routeKey"
      eventType    = "$context.eventType"
      connectionId = "$context.connectionId"
      status       = "$context.status"
      error        = "$context.error.message"
      integration  = "$context.integration.error"
    })
  }

  tags = var.tags

  depends_on = [aws_cloudwatch_log_group.ws_execution]
}
