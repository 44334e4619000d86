output "bucket_name" {
  description = "Site bucket (`aws s3 sync web/dist s3://<bucket>`)."
  value       = module.site_bucket.id
}

output "distribution_id" {
  description = "CloudFront distribution id (for invalidations)."
  value       = aws_cloudfront_distribution.this.id
}

output "distribution_arn" {
  description = "CloudFront distribution ARN."
  value       = aws_cloudfront_distribution.this.arn
}

output "domain_name" {
  description = "The domain users open: the custom domain if set, else *.cloudfront.net."
  value       = local.custom_domain ? var.domain_name : aws_cloudfront_distribution.this.domain_name
}

output "url" {
  description = "https URL of the web client."
  value       = "https://${local.custom_domain ? var.domain_name : aws_cloudfront_distribution.this.domain_name}"
}

output "api_url" {
  description = "PUBLIC_REST_URL: the REST API through CloudFront (same origin as the web client)."
  value       = "https://${local.custom_domain ? var.domain_name : aws_cloudfront_distribution.this.domain_name}/api"
}

output "content_security_policy" {
  description = "The CSP CloudFront sends (security_headers.json plus this stage's origins)."
  value       = local.csp
}
