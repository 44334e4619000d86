variable "name_prefix" {
  description = "Prefix for every resource name, e.g. \"cloudchat-dev\"."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,30}$", var.name_prefix))
    error_message = "name_prefix must be 3-31 lowercase letters, digits or dashes, starting with a letter."
  }
}

variable "kms_key_arn" {
  description = "Customer-managed KMS key for the site bucket (its key policy must let CloudFront decrypt)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN."
  }
}

variable "rest_api_domain" {
  description = "Domain of the REST API (<id>.execute-api.<region>.amazonaws.com); /api/* is routed to it uncached (stage \"api\")."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9]+\\.execute-api\\.[a-z0-9-]+\\.amazonaws\\.com$", var.rest_api_domain))
    error_message = "rest_api_domain must look like <id>.execute-api.<region>.amazonaws.com."
  }
}

variable "websocket_origin" {
  description = "Origin (wss://host[:port], no path) of the WebSocket API, allowed in the CSP connect-src."
  type        = string

  validation {
    # A CSP source with a path matches only that exact path: "wss://h/api" blocks "wss://h/api/?token=…".
    condition     = can(regex("^wss://[a-z0-9.-]+(:[0-9]+)?$", var.websocket_origin))
    error_message = "websocket_origin must be a wss:// origin without a path or trailing slash."
  }
}

variable "extra_connect_src" {
  description = "Additional CSP connect-src origins (https://host[:port], no path), e.g. the Cognito endpoint and the media bucket."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for o in var.extra_connect_src : can(regex("^https://[a-z0-9.-]+(:[0-9]+)?$", o))])
    error_message = "extra_connect_src must be https:// origins without a path or trailing slash."
  }
}

variable "origin_verify_header" {
  description = "Header the /api/* origin sends so the REST stage's WAF admits the request (the waf module's origin_verify_header)."
  type = object({
    name  = string
    value = string
  })
  sensitive = true

  validation {
    condition     = can(regex("^[a-z0-9-]+$", var.origin_verify_header.name)) && length(var.origin_verify_header.value) >= 32
    error_message = "origin_verify_header needs a lower-case header name and a value of at least 32 characters."
  }
}

variable "web_acl_arn" {
  description = "ARN of a CLOUDFRONT-scope WAFv2 web ACL (from the waf module, created in us-east-1)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:wafv2:us-east-1:[0-9]{12}:global/webacl/", var.web_acl_arn))
    error_message = "web_acl_arn must be a global (CLOUDFRONT scope) WAFv2 web ACL ARN in us-east-1."
  }
}

variable "access_log_bucket_domain" {
  description = "Domain name (<bucket>.s3.amazonaws.com) of the bucket receiving CloudFront standard logs."
  type        = string
}

variable "access_log_bucket" {
  description = "Name of the bucket receiving S3 server access logs."
  type        = string
}

variable "domain_name" {
  description = "Optional custom domain (e.g. chat.example.com). Empty: use the *.cloudfront.net name."
  type        = string
  default     = ""

  validation {
    condition     = var.domain_name == "" || can(regex("^([a-z0-9-]+\\.)+[a-z]{2,}$", var.domain_name))
    error_message = "domain_name must be empty or a DNS name."
  }
}

variable "hosted_zone_id" {
  description = "Route 53 zone for domain_name (certificate validation and alias record). Required when domain_name is set."
  type        = string
  default     = ""
}

variable "price_class" {
  description = "CloudFront price class."
  type        = string
  default     = "PriceClass_100"

  validation {
    condition     = contains(["PriceClass_100", "PriceClass_200", "PriceClass_All"], var.price_class)
    error_message = "price_class must be PriceClass_100, PriceClass_200 or PriceClass_All."
  }
}

variable "static_asset_ttl_seconds" {
  description = "Cache lifetime for hashed static assets under /assets/* (the seed: one year)."
  type        = number
  default     = 31536000

  validation {
    condition     = var.static_asset_ttl_seconds >= 0 && var.static_asset_ttl_seconds <= 31536000
    error_message = "static_asset_ttl_seconds must be between 0 and 31536000."
  }
}

variable "force_destroy" {
  description = "Allow `terraform destroy` to delete a non-empty bucket (dev only)."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags applied to every resource."
  type        = map(string)
  default     = {}
}
