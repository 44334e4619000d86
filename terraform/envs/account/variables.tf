variable "region" {
  description = "Region whose API Gateway account settings this sets; apply once per region the stages use."
  type        = string
  default     = "us-east-1"
  nullable    = false

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.region))
    error_message = "region must be an AWS region name."
  }
}
