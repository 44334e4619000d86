output "alarm_topic_arn" {
  description = "SNS topic every alarm notifies."
  value       = aws_sns_topic.alarms.arn
}

output "dashboard_name" {
  description = "CloudWatch dashboard."
  value       = aws_cloudwatch_dashboard.this.dashboard_name
}

output "app_metrics" {
  description = "App metric names on the dashboard (namespace CloudChat)."
  value       = local.app_metrics
}

output "access_log_bucket" {
  description = "Bucket for S3 server access logs and CloudFront standard logs."
  value       = module.access_logs.id
}

output "access_log_bucket_domain" {
  description = "Domain name of the access-log bucket (<bucket>.s3.amazonaws.com, as CloudFront logging_config expects)."
  value       = module.access_logs.bucket_domain_name
}
