data "aws_region" "current" {}

locals {
  google_enabled   = nonsensitive(var.google.client_id != "")
  facebook_enabled = nonsensitive(var.facebook.client_id != "")
  github_enabled   = nonsensitive(var.github.client_id != "" && var.github.oidc_issuer != "")

  identity_providers = concat(
    ["COGNITO"],
    local.google_enabled ? ["Google"] : [],
    local.facebook_enabled ? ["Facebook"] : [],
    local.github_enabled ? ["GitHub"] : [],
  )

  groups = {
    admin     = { precedence = 1, description = "Operators: every moderator right plus user management" }
    moderator = { precedence = 5, description = "May moderate rooms and messages" }
    user      = { precedence = 10, description = "Every signed-up user" }
  }
}

resource "aws_cognito_user_pool" "this" {
  name                     = "${var.name_prefix}-users"
  deletion_protection      = var.deletion_protection ? "ACTIVE" : "INACTIVE"
  alias_attributes         = ["email"] # chat shows cognito:username, so keep real usernames; email also signs in
  auto_verified_attributes = ["email"]
  mfa_configuration        = var.mfa_configuration
  user_pool_tier           = var.feature_plan.tier

  username_configuration {
    case_sensitive = false
  }

  password_policy {
    minimum_length                   = var.password_minimum_length
    require_lowercase                = true
    require_uppercase                = true
    require_numbers                  = true
    require_symbols                  = true
    temporary_password_validity_days = 3
  }

  dynamic "software_token_mfa_configuration" {
    for_each = var.mfa_configuration == "OFF" ? [] : [1]
    content {
      enabled = true
    }
  }

  user_pool_add_ons {
    advanced_security_mode = var.feature_plan.advanced_security_mode
  }

  # Without an SES identity Cognito sends from no-reply@verificationemail.com, 50 mails a day.
  dynamic "email_configuration" {
    for_each = var.email == null ? [] : [var.email]
    content {
      email_sending_account = "DEVELOPER"
      source_arn            = email_configuration.value.ses_identity_arn
      from_email_address    = email_configuration.value.from_address
      configuration_set     = email_configuration.value.configuration_set
    }
  }

  account_recovery_setting {
    recovery_mechanism {
      name     = "verified_email"
      priority = 1
    }
  }

  admin_create_user_config {
    allow_admin_create_user_only = false
  }

  schema {
    name                = "email"
    attribute_data_type = "String"
    required            = true
    mutable             = true

    string_attribute_constraints {
      min_length = 3
      max_length = 254
    }
  }

  tags = var.tags
}

resource "aws_cognito_user_group" "this" {
  for_each = local.groups

  user_pool_id = aws_cognito_user_pool.this.id
  name         = each.key
  description  = each.value.description
  precedence   = each.value.precedence
}

resource "aws_cognito_user_pool_domain" "this" {
  domain       = var.domain_prefix
  user_pool_id = aws_cognito_user_pool.this.id
}

# Social providers exist only when their credentials are given.
resource "aws_cognito_identity_provider" "google" {
  count = local.google_enabled ? 1 : 0

  user_pool_id  = aws_cognito_user_pool.this.id
  provider_name = "Google"
  provider_type = "Google"

  provider_details = {
    client_id        = var.google.client_id
    client_secret    = var.google.client_secret
    authorize_scopes = "openid email profile"
  }

  attribute_mapping = {
    email    = "email"
    username = "sub"
  }
}

resource "aws_cognito_identity_provider" "facebook" {
  count = local.facebook_enabled ? 1 : 0

  user_pool_id  = aws_cognito_user_pool.this.id
  provider_name = "Facebook"
  provider_type = "Facebook"

  provider_details = {
    client_id        = var.facebook.client_id
    client_secret    = var.facebook.client_secret
    authorize_scopes = "public_profile,email"
    api_version      = var.facebook.api_version
  }

  attribute_mapping = {
    email    = "email"
    username = "id"
  }
}

# GitHub speaks OAuth2 but not OIDC (no id_token, no discovery document), and Cognito only
# federates OIDC/SAML/social. An OIDC bridge (e.g. a small "github-oidc-wrapper" service or an
# IdP such as Auth0/Keycloak fronting GitHub) exposes GitHub as an OIDC issuer; Cognito then
# federates that issuer like any other OIDC provider. See terraform/modules/auth/README.md.
resource "aws_cognito_identity_provider" "github" {
  count = local.github_enabled ? 1 : 0

  user_pool_id  = aws_cognito_user_pool.this.id
  provider_name = "GitHub"
  provider_type = "OIDC"

  provider_details = {
    client_id                 = var.github.client_id
    client_secret             = var.github.client_secret
    oidc_issuer               = var.github.oidc_issuer
    authorize_scopes          = "openid email profile"
    attributes_request_method = "GET"
  }

  attribute_mapping = {
    email    = "email"
    username = "sub"
  }
}

resource "aws_cognito_user_pool_client" "web" {
  name         = "${var.name_prefix}-web"
  user_pool_id = aws_cognito_user_pool.this.id

  generate_secret               = false # a browser app cannot keep a secret
  prevent_user_existence_errors = "ENABLED"
  enable_token_revocation       = true

  explicit_auth_flows = concat(
    ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    var.allow_user_password_auth ? ["ALLOW_USER_PASSWORD_AUTH"] : [],
  )

  access_token_validity  = var.token_validity.access_minutes
  id_token_validity      = var.token_validity.id_minutes
  refresh_token_validity = var.token_validity.refresh_days

  token_validity_units {
    access_token  = "minutes"
    id_token      = "minutes"
    refresh_token = "days"
  }

  dynamic "refresh_token_rotation" {
    for_each = var.refresh_token_rotation ? [1] : []
    content {
      feature                    = "ENABLED"
      retry_grace_period_seconds = 10
    }
  }

  allowed_oauth_flows_user_pool_client = true
  allowed_oauth_flows                  = ["code"]
  allowed_oauth_scopes                 = ["openid", "email", "profile"]
  callback_urls                        = var.callback_urls
  logout_urls                          = var.logout_urls
  supported_identity_providers         = local.identity_providers

  depends_on = [
    aws_cognito_identity_provider.google,
    aws_cognito_identity_provider.facebook,
    aws_cognito_identity_provider.github,
  ]
}
