variable "name_prefix" {
  description = "Prefix for every resource name, e.g. \"cloudchat-dev\"."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,30}$", var.name_prefix))
    error_message = "name_prefix must be 3-31 lowercase letters, digits or dashes, starting with a letter."
  }
}

variable "domain_prefix" {
  description = "Hosted UI domain prefix (<prefix>.auth.<region>.amazoncognito.com); must be globally unique."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$", var.domain_prefix)) && !can(regex("(aws|amazon|cognito)", var.domain_prefix))
    error_message = "domain_prefix must be lowercase letters, digits and dashes, and must not contain aws, amazon or cognito."
  }
}

variable "mfa_configuration" {
  description = "TOTP MFA: OFF, OPTIONAL (users may enrol) or ON (required)."
  type        = string
  default     = "OPTIONAL"

  validation {
    condition     = contains(["OFF", "OPTIONAL", "ON"], var.mfa_configuration)
    error_message = "mfa_configuration must be OFF, OPTIONAL or ON."
  }
}

variable "feature_plan" {
  description = "Feature plan (user_pool_tier: LITE, ESSENTIALS or PLUS) and threat protection (advanced_security_mode: OFF, AUDIT or ENFORCED; AUDIT and ENFORCED need PLUS). One object so the pair is validated together."
  type = object({
    tier                   = string
    advanced_security_mode = string
  })
  default = { tier = "ESSENTIALS", advanced_security_mode = "OFF" }

  validation {
    condition     = contains(["LITE", "ESSENTIALS", "PLUS"], var.feature_plan.tier)
    error_message = "feature_plan.tier must be LITE, ESSENTIALS or PLUS."
  }

  validation {
    condition     = contains(["OFF", "AUDIT", "ENFORCED"], var.feature_plan.advanced_security_mode)
    error_message = "feature_plan.advanced_security_mode must be OFF, AUDIT or ENFORCED."
  }

  validation {
    condition     = var.feature_plan.advanced_security_mode == "OFF" || var.feature_plan.tier == "PLUS"
    error_message = "Threat protection (advanced_security_mode AUDIT or ENFORCED) needs feature_plan.tier = \"PLUS\"; on LITE or ESSENTIALS set it to OFF."
  }
}

variable "email" {
  description = "Send Cognito's mail through this verified SES identity (email_sending_account DEVELOPER); null: Cognito's default sender, 50 mails a day."
  type = object({
    ses_identity_arn  = string
    from_address      = string
    configuration_set = optional(string)
  })
  default = null

  validation {
    condition     = var.email == null || can(regex("^arn:aws[a-z-]*:ses:", var.email.ses_identity_arn))
    error_message = "email.ses_identity_arn must be an SES identity ARN."
  }

  validation {
    condition     = var.email == null || can(regex("^([^<>]+ <)?[^@\\s<>]+@[^@\\s<>]+>?$", var.email.from_address))
    error_message = "email.from_address must be an address or \"Name <address>\"."
  }
}

variable "password_minimum_length" {
  description = "Minimum password length."
  type        = number
  default     = 12

  validation {
    condition     = var.password_minimum_length >= 8 && var.password_minimum_length <= 99
    error_message = "password_minimum_length must be between 8 and 99."
  }
}

variable "callback_urls" {
  description = "OAuth redirect URLs for the hosted UI (the PWA origin)."
  type        = list(string)

  validation {
    condition     = length(var.callback_urls) > 0 && alltrue([for u in var.callback_urls : can(regex("^(https://|http://localhost)", u))])
    error_message = "callback_urls must be non-empty and https (http only for localhost)."
  }
}

variable "logout_urls" {
  description = "OAuth sign-out URLs for the hosted UI."
  type        = list(string)

  validation {
    condition     = alltrue([for u in var.logout_urls : can(regex("^(https://|http://localhost)", u))])
    error_message = "logout_urls must be https (http only for localhost)."
  }
}

variable "allow_user_password_auth" {
  description = "Also allow USER_PASSWORD_AUTH (the current web client signs in with it over TLS); SRP and refresh are always allowed."
  type        = bool
  default     = true
}

variable "refresh_token_rotation" {
  description = "Rotate refresh tokens on every refresh. Requires clients to use GetTokensFromRefreshToken; the current web client uses REFRESH_TOKEN_AUTH, so keep false until it migrates."
  type        = bool
  default     = false
}

variable "token_validity" {
  description = "Token lifetimes: access/id in minutes, refresh in days."
  type = object({
    access_minutes = number
    id_minutes     = number
    refresh_days   = number
  })
  default = {
    access_minutes = 60
    id_minutes     = 60
    refresh_days   = 30
  }

  validation {
    condition = (
      var.token_validity.access_minutes >= 5 && var.token_validity.access_minutes <= 1440 &&
      var.token_validity.id_minutes >= 5 && var.token_validity.id_minutes <= 1440 &&
      var.token_validity.refresh_days >= 1 && var.token_validity.refresh_days <= 3650
    )
    error_message = "access/id validity must be 5-1440 minutes and refresh validity 1-3650 days."
  }
}

variable "google" {
  description = "Google OAuth client; the provider is created only when client_id is set."
  type = object({
    client_id     = string
    client_secret = string
  })
  default   = { client_id = "", client_secret = "" }
  sensitive = true
}

variable "facebook" {
  description = "Facebook app id/secret; the provider is created only when client_id is set."
  type = object({
    client_id     = string
    client_secret = string
    api_version   = optional(string, "v19.0")
  })
  default   = { client_id = "", client_secret = "" }
  sensitive = true
}

variable "github" {
  description = "GitHub OAuth app behind an OIDC bridge (GitHub is OAuth2, not OIDC); created only when client_id and oidc_issuer are set."
  type = object({
    client_id     = string
    client_secret = string
    oidc_issuer   = string
  })
  default   = { client_id = "", client_secret = "", oidc_issuer = "" }
  sensitive = true
}

variable "deletion_protection" {
  description = "Protect the user pool from deletion (prod)."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags applied to every resource."
  type        = map(string)
  default     = {}
}
