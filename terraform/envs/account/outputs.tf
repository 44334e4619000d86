output "cloudwatch_role_arn" {
  description = "Role API Gateway uses to write every stage's logs in this region."
  value       = aws_api_gateway_account.this.cloudwatch_role_arn
}
