output "cloudfront_web_acl_arn" {
  description = "CloudFront ACL ARN (the web module's web_acl_arn)."
  value       = aws_wafv2_web_acl.cloudfront.arn
}

output "regional_web_acl_arn" {
  description = "Regional (origin-verify) ACL ARN, associated with the REST stage."
  value       = aws_wafv2_web_acl.regional.arn
}

output "origin_verify_header" {
  description = "Header CloudFront's /api/* origin must send (the web module's origin_verify_header); the value is the secret's current version."
  value = {
    name  = local.origin_verify_header
    value = data.aws_secretsmanager_secret_version.origin_verify.secret_string
  }
  sensitive = true
}

output "origin_verify_secret_arn" {
  description = "Secrets Manager secret holding the origin-verify value (rotate: put a new value, then apply)."
  value       = aws_secretsmanager_secret.origin_verify.arn
}

output "log_group_names" {
  description = "WAF log groups (BLOCK and COUNT only): cloudfront (us-east-1) and regional."
  value = {
    cloudfront = aws_cloudwatch_log_group.cloudfront.name
    regional   = aws_cloudwatch_log_group.regional.name
  }
}
