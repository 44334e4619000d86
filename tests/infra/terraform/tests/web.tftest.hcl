# modules/web applied on its own, so assertions can read the response-headers policy and the
# distribution. The CSP is the file's directives in name order, connect-src all origins.
mock_provider "aws" {
  source = "./mocks"
}

mock_provider "aws" {
  alias  = "us_east_1"
  source = "./mocks"
}

variables {
  name_prefix              = "cloudchat-dev"
  kms_key_arn              = "arn:aws:kms:us-east-1:123456789012:key/0a1b2c3d-4e5f-6789-abcd-ef0123456789"
  rest_api_domain          = "a1b2c3d4e5.execute-api.us-east-1.amazonaws.com"
  websocket_origin         = "wss://w1s2k3t4a5.execute-api.us-east-1.amazonaws.com"
  extra_connect_src        = ["https://cognito-idp.us-east-1.amazonaws.com", "https://cloudchat-dev-media-123456789012.s3.us-east-1.amazonaws.com"]
  origin_verify_header     = { name = "x-origin-verify", value = "mock-random-password-0123456789abcdef" }
  web_acl_arn              = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/cloudchat-dev-cloudfront/0a1b2c3d-0000-1111-2222-333344445555"
  access_log_bucket        = "cloudchat-dev-access-logs-123456789012"
  access_log_bucket_domain = "cloudchat-dev-access-logs-123456789012.s3.amazonaws.com"
}

run "security_headers_and_api_origin" {
  module {
    source = "../../../terraform/modules/web"
  }

  assert {
    condition     = one(one(aws_cloudfront_response_headers_policy.security.security_headers_config).content_security_policy).content_security_policy == "base-uri 'self'; connect-src 'self' wss://w1s2k3t4a5.execute-api.us-east-1.amazonaws.com https://cognito-idp.us-east-1.amazonaws.com https://cloudchat-dev-media-123456789012.s3.us-east-1.amazonaws.com; default-src 'self'; form-action 'self'; frame-ancestors 'none'; img-src 'self' data: blob: https:; manifest-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; worker-src 'self'"
    error_message = "the CSP is security_headers.json in name order, connect-src extended by the stage's origins"
  }

  assert {
    condition = alltrue([
      for source in split(" ", regex("connect-src ([^;]+)", one(one(aws_cloudfront_response_headers_policy.security.security_headers_config).content_security_policy).content_security_policy)[0]) :
      source == "'self'" || can(regex("^(https|wss)://[a-z0-9.-]+(:[0-9]+)?$", source))
    ])
    error_message = "every connect-src entry is an origin (no path, no trailing slash)"
  }

  assert {
    condition = one(one(aws_cloudfront_response_headers_policy.security.security_headers_config).strict_transport_security) == {
      access_control_max_age_sec = 63072000
      include_subdomains         = true
      preload                    = true
      override                   = true
    }
    error_message = "HSTS: two years, subdomains, preload"
  }

  assert {
    condition = (
      one(one(aws_cloudfront_response_headers_policy.security.security_headers_config).frame_options).frame_option == "DENY" &&
      one(one(aws_cloudfront_response_headers_policy.security.security_headers_config).referrer_policy).referrer_policy == "strict-origin-when-cross-origin" &&
      one(one(aws_cloudfront_response_headers_policy.security.security_headers_config).content_type_options).override &&
      one(one(aws_cloudfront_response_headers_policy.security.security_headers_config).xss_protection).mode_block
    )
    error_message = "frame options, referrer policy, nosniff and XSS protection come from the file"
  }

  assert {
    condition     = aws_cloudfront_distribution.this.web_acl_id == var.web_acl_arn
    error_message = "the CloudFront ACL is attached to the distribution"
  }

  assert {
    condition = [
      for origin in aws_cloudfront_distribution.this.origin : nonsensitive(origin.custom_header)
      if origin.origin_id == "rest-api"
      ] == [toset([{
        name  = "x-origin-verify"
        value = "mock-random-password-0123456789abcdef"
    }])]
    error_message = "the /api/* origin sends the origin-verify header"
  }

  assert {
    condition     = one(aws_cloudfront_distribution.this.logging_config).bucket == var.access_log_bucket_domain
    error_message = "legacy standard logging to the access-log bucket (its domain waits for ownership controls and policy)"
  }
}

run "a_websocket_origin_with_a_path_is_rejected" {
  command = plan

  module {
    source = "../../../terraform/modules/web"
  }

  variables {
    websocket_origin = "wss://w1s2k3t4a5.execute-api.us-east-1.amazonaws.com/api"
  }

  expect_failures = [var.websocket_origin]
}
