output "user_pool_id" {
  description = "COGNITO_USER_POOL_ID."
  value       = aws_cognito_user_pool.this.id
}

output "user_pool_arn" {
  description = "User pool ARN."
  value       = aws_cognito_user_pool.this.arn
}

output "client_id" {
  description = "COGNITO_CLIENT_ID (public client, no secret)."
  value       = aws_cognito_user_pool_client.web.id
}

output "issuer" {
  description = "COGNITO_ISSUER: the tokens' iss claim."
  value       = "https://cognito-idp.${data.aws_region.current.name}.amazonaws.com/${aws_cognito_user_pool.this.id}"
}

output "jwks_url" {
  description = "COGNITO_JWKS_URL."
  value       = "https://cognito-idp.${data.aws_region.current.name}.amazonaws.com/${aws_cognito_user_pool.this.id}/.well-known/jwks.json"
}

output "cognito_endpoint" {
  description = "PUBLIC_COGNITO_ENDPOINT: the Cognito IdP API the web client signs in against."
  value       = "https://cognito-idp.${data.aws_region.current.name}.amazonaws.com/"
}

output "hosted_ui_domain" {
  description = "Hosted UI base URL."
  value       = "https://${aws_cognito_user_pool_domain.this.domain}.auth.${data.aws_region.current.name}.amazoncognito.com"
}

output "identity_providers" {
  description = "Identity providers enabled on the app client."
  value       = local.identity_providers
}

output "feature_plan" {
  description = "The pool's feature plan and threat-protection mode as applied."
  value = {
    tier                   = aws_cognito_user_pool.this.user_pool_tier
    advanced_security_mode = one(aws_cognito_user_pool.this.user_pool_add_ons).advanced_security_mode
  }
}

output "email_configuration" {
  description = "How Cognito sends its mail: the SES identity, sender and configuration set; null for Cognito's default sender (50 mails a day)."
  value       = one(aws_cognito_user_pool.this.email_configuration)
}
