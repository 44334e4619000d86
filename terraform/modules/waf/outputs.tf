output "web_acl_arn" {
  description = "Web ACL ARN (CLOUDFRONT: pass to the web module's web_acl_arn)."
  value       = aws_wafv2_web_acl.this.arn
}

output "web_acl_id" {
  description = "Web ACL id."
  value       = aws_wafv2_web_acl.this.id
}

output "associated_resource_arns" {
  description = "REGIONAL scope: resources the ACL is associated with."
  value       = aws_wafv2_web_acl_association.this[*].resource_arn
}

output "log_group_name" {
  description = "WAF log group."
  value       = aws_cloudwatch_log_group.this.name
}
