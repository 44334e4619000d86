variable "name_prefix" {
  description = "Prefix for every resource name, e.g. \"cloudchat-dev\"."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,30}$", var.name_prefix))
    error_message = "name_prefix must be 3-31 lowercase letters, digits or dashes, starting with a letter."
  }
}

variable "kms_key_arn" {
  description = "KMS key encrypting the SNS topics."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN."
  }
}

variable "ses_identity" {
  description = "SES sending identity: a domain (example.com) or an email address. Empty: no SES resources."
  type        = string
  default     = ""

  validation {
    condition     = var.ses_identity == "" || can(regex("^([^@\\s]+@)?([a-z0-9-]+\\.)+[a-z]{2,}$", var.ses_identity))
    error_message = "ses_identity must be empty, a domain or an email address."
  }
}

variable "ses_hosted_zone_id" {
  description = "Route 53 zone to publish the SES DKIM records in (domain identities only). Empty: publish them yourself."
  type        = string
  default     = ""
}

variable "fcm_server_key" {
  description = "Firebase Cloud Messaging key; an SNS platform application (GCM) is created only when set."
  type        = string
  default     = ""
  sensitive   = true
}

variable "apns" {
  description = "APNs signing key (.p8) credentials; an SNS platform application (APNS) is created only when key is set."
  type = object({
    key         = string
    key_id      = string
    team_id     = string
    bundle_id   = string
    use_sandbox = optional(bool, false)
  })
  default   = { key = "", key_id = "", team_id = "", bundle_id = "" }
  sensitive = true
}

variable "notification_function_arn" {
  description = "ARN (or alias ARN) of the Lambda that turns chat events into push/email notifications. Empty: bus and rules only."
  type        = string
  default     = ""

  validation {
    condition     = var.notification_function_arn == "" || can(regex("^arn:aws[a-z-]*:lambda:", var.notification_function_arn))
    error_message = "notification_function_arn must be empty or a Lambda ARN."
  }
}

variable "notification_detail_types" {
  description = "EventBridge detail-types (source \"cloudchat\") routed to the notification Lambda."
  type        = list(string)
  default     = ["MessagePosted", "MemberAdded", "UserMentioned"]

  validation {
    condition     = length(var.notification_detail_types) > 0
    error_message = "notification_detail_types must not be empty."
  }
}

variable "tags" {
  description = "Tags applied to every resource."
  type        = map(string)
  default     = {}
}
