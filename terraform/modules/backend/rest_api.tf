# REST API mirroring app.py's routes. Chalice routes on the request's resource path, so each
# route needs its own API Gateway resource (a {proxy+} catch-all would not match).
# tests/infra/test_chalice_package.py checks this table against the swagger Chalice generates.
locals {
  # "METHOD path" -> whether the Cognito authorizer guards it
  rest_routes = {
    "GET /config"                            = false
    "GET /me"                                = true
    "PUT /me/settings"                       = true
    "GET /me/unread"                         = true
    "GET /rooms"                             = true
    "POST /rooms"                            = true
    "GET /rooms/{rid}"                       = true
    "POST /rooms/{rid}/join"                 = true
    "POST /rooms/{rid}/leave"                = true
    "GET /rooms/{rid}/members"               = true
    "POST /rooms/{rid}/members"              = true
    "GET /rooms/{rid}/messages"              = true
    "POST /rooms/{rid}/messages"             = true
    "PATCH /rooms/{rid}/messages/{mid}"      = true
    "DELETE /rooms/{rid}/messages/{mid}"     = true
    "GET /rooms/{rid}/messages/{mid}/thread" = true
    "GET /search"                            = true
    "GET /rooms/{rid}/audit"                 = true
    "GET /rooms/{rid}/receipts"              = true
    "PUT /rooms/{rid}/members/{uid}"         = true
    "POST /rooms/{rid}/mutes"                = true
    "DELETE /rooms/{rid}/mutes/{uid}"        = true
    "POST /rooms/{rid}/kick"                 = true
    "GET /rooms/{rid}/bans"                  = true
    "POST /rooms/{rid}/bans"                 = true
    "DELETE /rooms/{rid}/bans/{uid}"         = true
    "GET /rooms/{rid}/pins"                  = true
    "POST /rooms/{rid}/pins"                 = true
    "DELETE /rooms/{rid}/pins/{mid}"         = true
    "GET /rooms/{rid}/presence"              = true
    "POST /realtime/ticket"                  = true
    "POST /auth/logout"                      = true
    "PUT /admin/users/{uid}/roles"           = true
    "POST /admin/users/{uid}/disable"        = true
    "POST /admin/users/{uid}/enable"         = true
    "POST /admin/users/{uid}/signout"        = true
    "GET /me/invitations"                    = true
    "GET /me/blocks"                         = true
    "PUT /me/blocks/{uid}"                   = true
    "DELETE /me/blocks/{uid}"                = true
    "POST /rooms/leave"                      = true
    "POST /rooms/{rid}/invitation/accept"    = true
    "POST /rooms/{rid}/invitation/decline"   = true
  }

  # Every API Gateway resource the routes need (each route path and its prefixes): path -> parent.
  rest_resource_paths = distinct(flatten([
    for key in keys(local.rest_routes) : [
      for depth in range(2, length(split("/", split(" ", key)[1])) + 1) :
      join("/", slice(split("/", split(" ", key)[1]), 0, depth))
    ]
  ]))
  rest_resources = {
    for path in local.rest_resource_paths :
    path => length(split("/", path)) == 2 ? "/" : join("/", slice(split("/", path), 0, length(split("/", path)) - 1))
  }

  rest_route_parts = {
    for key, authorized in local.rest_routes : key => {
      method     = split(" ", key)[0]
      path       = split(" ", key)[1]
      authorized = authorized
    }
  }

  # Integrations resolve the alias through the stage variable, so the stage decides which
  # alias (normally "live") serves traffic.
  api_integration_uri = "arn:${local.partition}:apigateway:${local.region}:lambda:path/2015-03-31/functions/${aws_lambda_function.this["api"].arn}:$${stageVariables.lambdaAlias}/invocations"

  error_template = "{\"error\":{\"code\":\"%s\",\"message\":%s}}"
}

resource "aws_api_gateway_rest_api" "this" {
  name        = local.base_name
  description = "Cloud Chat REST API (Chalice app ${var.app_name}, stage ${var.stage})"

  endpoint_configuration {
    types = ["REGIONAL"] # CloudFront (web module) fronts it at /api/*
  }

  tags = var.tags

  lifecycle {
    create_before_destroy = true
  }
}

# Resources are created level by level so each one can reference its parent.
resource "aws_api_gateway_resource" "level1" {
  for_each = { for path, parent in local.rest_resources : path => parent if parent == "/" }

  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = aws_api_gateway_rest_api.this.root_resource_id
  path_part   = element(split("/", each.key), length(split("/", each.key)) - 1)
}

resource "aws_api_gateway_resource" "level2" {
  for_each = { for path, parent in local.rest_resources : path => parent if length(split("/", path)) == 3 }

  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = aws_api_gateway_resource.level1[each.value].id
  path_part   = element(split("/", each.key), 2)
}

resource "aws_api_gateway_resource" "level3" {
  for_each = { for path, parent in local.rest_resources : path => parent if length(split("/", path)) == 4 }

  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = aws_api_gateway_resource.level2[each.value].id
  path_part   = element(split("/", each.key), 3)
}

resource "aws_api_gateway_resource" "level4" {
  for_each = { for path, parent in local.rest_resources : path => parent if length(split("/", path)) == 5 }

  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = aws_api_gateway_resource.level3[each.value].id
  path_part   = element(split("/", each.key), 4)
}

resource "aws_api_gateway_resource" "level5" {
  for_each = { for path, parent in local.rest_resources : path => parent if length(split("/", path)) == 6 }

  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = aws_api_gateway_resource.level4[each.value].id
  path_part   = element(split("/", each.key), 5)
}

locals {
  rest_resource_ids = merge(
    { for path, r in aws_api_gateway_resource.level1 : path => r.id },
    { for path, r in aws_api_gateway_resource.level2 : path => r.id },
    { for path, r in aws_api_gateway_resource.level3 : path => r.id },
    { for path, r in aws_api_gateway_resource.level4 : path => r.id },
    { for path, r in aws_api_gateway_resource.level5 : path => r.id },
  )
}

resource "aws_api_gateway_authorizer" "cognito" {
  name                             = "cognito"
  rest_api_id                      = aws_api_gateway_rest_api.this.id
  type                             = "TOKEN"
  identity_source                  = "method.request.header.Authorization"
  authorizer_uri                   = aws_lambda_alias.live["cognito"].invoke_arn
  authorizer_result_ttl_in_seconds = 300 # app.py: @app.authorizer(ttl_seconds=300)
}

resource "aws_api_gateway_method" "route" {
  #checkov:skip=CKV_AWS_59:Only GET /config is open (the client's bootstrap configuration, no user data); every other route uses the Cognito authorizer.
  #checkov:skip=CKV2_AWS_53:Request bodies are validated by the app (pydantic) which answers with the API's error format.
  for_each = local.rest_route_parts

  rest_api_id   = aws_api_gateway_rest_api.this.id
  resource_id   = local.rest_resource_ids[each.value.path]
  http_method   = each.value.method
  authorization = each.value.authorized ? "CUSTOM" : "NONE"
  authorizer_id = each.value.authorized ? aws_api_gateway_authorizer.cognito.id : null
}

resource "aws_api_gateway_integration" "route" {
  for_each = local.rest_route_parts

  rest_api_id             = aws_api_gateway_rest_api.this.id
  resource_id             = local.rest_resource_ids[each.value.path]
  http_method             = aws_api_gateway_method.route[each.key].http_method
  type                    = "AWS_PROXY"
  integration_http_method = "POST"
  uri                     = local.api_integration_uri
  content_handling        = "CONVERT_TO_TEXT"
}

# API Gateway's own rejections in the app's error format (the local emulator renders the same).
# MISSING_AUTHENTICATION_TOKEN is what API Gateway answers for a path/method it does not know.
locals {
  gateway_responses = {
    UNAUTHORIZED                 = { status = "401", code = "unauthorized", message = "\"Missing or invalid credentials\"" } # generic, as $connect's
    ACCESS_DENIED                = { status = "403", code = "forbidden", message = "$context.error.messageString" }
    MISSING_AUTHENTICATION_TOKEN = { status = "404", code = "route_not_found", message = "\"No such route\"" }
    THROTTLED                    = { status = "429", code = "throttled", message = "$context.error.messageString" }
    DEFAULT_5XX                  = { status = null, code = "internal_error", message = "$context.error.messageString" }
  }
}

resource "aws_api_gateway_gateway_response" "this" {
  for_each      = local.gateway_responses
  rest_api_id   = aws_api_gateway_rest_api.this.id
  response_type = each.key
  status_code   = each.value.status
  response_templates = {
    "application/json" = format(local.error_template, each.value.code, each.value.message)
  }
}

resource "aws_lambda_permission" "rest_api" {
  statement_id  = "AllowRestApiInvoke"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.this["api"].function_name
  qualifier     = aws_lambda_alias.live["api"].name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_api_gateway_rest_api.this.execution_arn}/*/*/*"
}

resource "aws_lambda_permission" "authorizer" {
  statement_id  = "AllowRestApiAuthorizer"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.this["cognito"].function_name
  qualifier     = aws_lambda_alias.live["cognito"].name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_api_gateway_rest_api.this.execution_arn}/authorizers/${aws_api_gateway_authorizer.cognito.id}"
}

# A REST deployment is a snapshot: it must be re-created whenever anything that shapes the API
# changes, and only after those changes exist (the pattern of terraform-aws-modules/apigateway-v2).
# Referencing every such resource in triggers does both: the hash changes with any of them, and
# the references are dependencies, so no separate depends_on list (a second copy) is needed.
resource "aws_api_gateway_deployment" "this" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  description = "Cloud Chat ${var.stage}"

  triggers = {
    redeployment = sha1(jsonencode([
      aws_api_gateway_resource.level1,
      aws_api_gateway_resource.level2,
      aws_api_gateway_resource.level3,
      aws_api_gateway_resource.level4,
      aws_api_gateway_resource.level5,
      aws_api_gateway_method.route,
      aws_api_gateway_integration.route,
      aws_api_gateway_gateway_response.this,
      aws_api_gateway_authorizer.cognito,
    ]))
  }

  lifecycle {
    create_before_destroy = true
  }
}

# API Gateway would create its execution log group itself, unencrypted and kept forever; created
# here first, it gets the logs key and the stage's retention.
resource "aws_cloudwatch_log_group" "rest_execution" {
  name              = "API-Gateway-Execution-Logs_${aws_api_gateway_rest_api.this.id}/${local.rest_stage_name}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arns.logs
  tags              = var.tags
}

resource "aws_cloudwatch_log_group" "rest_access" {
  name              = "/aws/apigateway/${local.base_name}-rest/access"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arns.logs
  tags              = var.tags
}

resource "aws_api_gateway_stage" "this" {
  #checkov:skip=CKV_AWS_120:Responses are per-user and change with every message; API caching would serve stale or foreign data.
  #checkov:skip=CKV2_AWS_51:Public API called by browsers; client certificates do not apply (the origin is only reached via CloudFront + WAF).
  #checkov:skip=CKV2_AWS_29:The REGIONAL WAF web ACL is associated with this stage by the waf module (aws_wafv2_web_acl_association).
  rest_api_id          = aws_api_gateway_rest_api.this.id
  deployment_id        = aws_api_gateway_deployment.this.id
  stage_name           = local.rest_stage_name
  xray_tracing_enabled = true

  variables = {
    lambdaAlias = var.live_alias_name
  }

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.rest_access.arn
    format = jsonencode({
      requestId      = "$context.requestId"
      ip             = "$context.identity.sourceIp"
      requestTime    = "$context.requestTime"
      httpMethod     = "$context.httpMethod"
      resourcePath   = "$context.resourcePath"
      status         = "$context.status"
      responseLength = "$context.responseLength"
      latency        = "$context.responseLatency"
      integration    = "$context.integration.latency"
      principal      = "$context.authorizer.principalId"
      error          = "$context.error.message"
    })
  }

  tags = var.tags

  depends_on = [aws_cloudwatch_log_group.rest_execution]
}

resource "aws_api_gateway_method_settings" "all" {
  #checkov:skip=CKV_AWS_225:Caching is off on purpose (per-user, fast-changing responses).
  rest_api_id = aws_api_gateway_rest_api.this.id
  stage_name  = aws_api_gateway_stage.this.stage_name
  method_path = "*/*"

  settings {
    metrics_enabled        = true
    logging_level          = var.execution_logging_level
    data_trace_enabled     = false
    throttling_rate_limit  = var.throttle.rate_limit
    throttling_burst_limit = var.throttle.burst_limit
    caching_enabled        = false
  }
}
