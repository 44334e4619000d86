output "function_names" {
  description = "Lambda function names by role (api, cognito, websocket_connect, websocket_message, websocket_disconnect)."
  value       = { for k, f in aws_lambda_function.this : k => f.function_name }
}

output "function_versions" {
  description = "Version each \"live\" alias points at after this apply (a live_versions pin, else the newest)."
  value       = { for k, a in aws_lambda_alias.live : k => a.function_version }
}

output "live_alias_name" {
  description = "Alias the stages invoke (stage variable lambdaAlias)."
  value       = var.live_alias_name
}

output "rest_api_id" {
  description = "REST API id."
  value       = aws_api_gateway_rest_api.this.id
}

output "rest_api_name" {
  description = "REST API name (CloudWatch ApiName dimension)."
  value       = aws_api_gateway_rest_api.this.name
}

output "rest_api_domain" {
  description = "REST API regional domain (CloudFront /api/* origin)."
  value       = "${aws_api_gateway_rest_api.this.id}.execute-api.${local.region}.amazonaws.com"
}

output "rest_stage_name" {
  description = "REST stage name (\"api\": /api/* on CloudFront maps onto it unchanged)."
  value       = aws_api_gateway_stage.this.stage_name
}

output "rest_stage_arn" {
  description = "REST stage ARN (the REGIONAL WAF associates with it)."
  value       = aws_api_gateway_stage.this.arn
}

output "rest_invoke_url" {
  description = "Direct API Gateway URL of the REST stage."
  value       = local.rest_invoke_url
}

output "websocket_api_id" {
  description = "WebSocket API id."
  value       = aws_apigatewayv2_api.websocket.id
}

output "websocket_stage_name" {
  description = "WebSocket stage name."
  value       = aws_apigatewayv2_stage.websocket.name
}

output "websocket_url" {
  description = "PUBLIC_WS_URL (wss://)."
  value       = "wss://${local.ws_endpoint}"
}

output "management_endpoint" {
  description = "WS_MANAGEMENT_ENDPOINT (@connections API)."
  value       = "https://${local.ws_endpoint}"
}

output "environment" {
  description = "Environment variables every function gets (feeds .chalice/config.json)."
  value       = local.environment
}

output "app_role_arn" {
  description = "Execution role of the REST and WebSocket functions."
  value       = aws_iam_role.app.arn
}
