# The PWA: a private S3 bucket read by CloudFront through origin access control, with
#   /assets/*  hashed build output, cached for a year
#   /api/*     the REST API (stage "api"), never cached, every viewer header but Host forwarded
#   default    index.html, sw.js, manifest: revalidated on every load
data "aws_caller_identity" "current" {}

locals {
  custom_domain = var.domain_name != ""
  s3_origin_id  = "site"
  api_origin_id = "rest-api"
  aliases       = local.custom_domain ? [var.domain_name] : []

  # security_headers.json is shared with the local stack (local/http_gateway.py), so both serve
  # the same headers. connect-src gets this stage's WebSocket, Cognito and media origins.
  security_headers = jsondecode(file("${path.module}/security_headers.json"))
  csp_directives = merge(local.security_headers.content_security_policy, {
    "connect-src" = concat(local.security_headers.content_security_policy["connect-src"], [var.websocket_origin], var.extra_connect_src)
  })
  # Directives in name order (jsondecode's), as local/security_headers.py sends them, so both
  # serve the very same string.
  csp  = join("; ", [for directive, sources in local.csp_directives : "${directive} ${join(" ", sources)}"])
  hsts = local.security_headers.strict_transport_security
}

module "site_bucket" {
  source = "../private_bucket"

  bucket_name      = "${var.name_prefix}-web-${data.aws_caller_identity.current.account_id}"
  kms_key_arn      = var.kms_key_arn
  access_logs      = { bucket = var.access_log_bucket }
  policy_documents = [data.aws_iam_policy_document.site.json]
  force_destroy    = var.force_destroy
  tags             = var.tags
}

resource "aws_s3_bucket_lifecycle_configuration" "site" {
  bucket = module.site_bucket.versioning_id
  rule {
    id     = "old-builds"
    status = "Enabled"
    filter {}
    noncurrent_version_expiration {
      noncurrent_days = 30
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }
}

resource "aws_cloudfront_origin_access_control" "site" {
  name                              = "${var.name_prefix}-site"
  description                       = "CloudFront reads the private site bucket"
  origin_access_control_origin_type = "s3"
  signing_behavior                  = "always"
  signing_protocol                  = "sigv4"
}

data "aws_iam_policy_document" "site" {
  statement {
    sid       = "CloudFrontReadsThroughOAC"
    actions   = ["s3:GetObject"]
    resources = ["${module.site_bucket.arn}/*"]
    principals {
      type        = "Service"
      identifiers = ["cloudfront.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "AWS:SourceArn"
      values   = [aws_cloudfront_distribution.this.arn]
    }
  }
}

# -- caching ------------------------------------------------------------------------------
resource "aws_cloudfront_cache_policy" "static_assets" {
  name        = "${var.name_prefix}-static-assets"
  comment     = "Hashed build output: cache for a year"
  min_ttl     = var.static_asset_ttl_seconds
  default_ttl = var.static_asset_ttl_seconds
  max_ttl     = var.static_asset_ttl_seconds

  parameters_in_cache_key_and_forwarded_to_origin {
    enable_accept_encoding_brotli = true
    enable_accept_encoding_gzip   = true
    cookies_config {
      cookie_behavior = "none"
    }
    headers_config {
      header_behavior = "none"
    }
    query_strings_config {
      query_string_behavior = "none"
    }
  }
}

resource "aws_cloudfront_cache_policy" "html" {
  name        = "${var.name_prefix}-html"
  comment     = "index.html, sw.js, manifest: always revalidate so a deploy is seen at once"
  min_ttl     = 0
  default_ttl = 0
  max_ttl     = 60

  parameters_in_cache_key_and_forwarded_to_origin {
    enable_accept_encoding_brotli = true
    enable_accept_encoding_gzip   = true
    cookies_config {
      cookie_behavior = "none"
    }
    headers_config {
      header_behavior = "none"
    }
    query_strings_config {
      query_string_behavior = "none"
    }
  }
}

data "aws_cloudfront_cache_policy" "disabled" {
  name = "Managed-CachingDisabled"
}

data "aws_cloudfront_origin_request_policy" "all_viewer_except_host" {
  name = "Managed-AllViewerExceptHostHeader"
}

resource "aws_cloudfront_response_headers_policy" "security" {
  #checkov:skip=CKV_AWS_259:HSTS comes from security_headers.json (2 years, includeSubDomains, preload, override), which checkov cannot read; the mock-provider tests in tests/infra/terraform assert the planned values.
  name    = "${var.name_prefix}-security-headers"
  comment = "From security_headers.json: CSP, HSTS, nosniff, frame options, referrer policy, XSS protection"

  security_headers_config {
    content_security_policy {
      content_security_policy = local.csp
      override                = true
    }
    strict_transport_security {
      access_control_max_age_sec = local.hsts.max_age_seconds
      include_subdomains         = local.hsts.include_subdomains
      preload                    = local.hsts.preload
      override                   = true
    }
    content_type_options {
      override = true
    }
    frame_options {
      frame_option = local.security_headers.frame_options
      override     = true
    }
    referrer_policy {
      referrer_policy = local.security_headers.referrer_policy
      override        = true
    }
    xss_protection {
      protection = local.security_headers.xss_protection != "0"
      mode_block = local.security_headers.xss_protection == "1; mode=block"
      override   = true
    }
  }

  lifecycle {
    # CloudFront can only express these values of the two fixed-value headers.
    precondition {
      condition     = local.security_headers.content_type_options == "nosniff" && contains(["0", "1", "1; mode=block"], local.security_headers.xss_protection)
      error_message = "security_headers.json: content_type_options must be nosniff and xss_protection one of 0, 1, \"1; mode=block\"."
    }
  }
}

# -- optional custom domain ----------------------------------------------------------------
resource "aws_acm_certificate" "site" {
  count    = local.custom_domain ? 1 : 0
  provider = aws.us_east_1

  domain_name       = var.domain_name
  validation_method = "DNS"
  tags              = var.tags

  lifecycle {
    create_before_destroy = true
  }
}

# One record for the one domain name: counted from the variable (known at plan), its name and
# value taken from the certificate at apply.
resource "aws_route53_record" "validation" {
  count = local.custom_domain ? 1 : 0

  zone_id         = var.hosted_zone_id
  name            = one(aws_acm_certificate.site[0].domain_validation_options).resource_record_name
  type            = one(aws_acm_certificate.site[0].domain_validation_options).resource_record_type
  records         = [one(aws_acm_certificate.site[0].domain_validation_options).resource_record_value]
  ttl             = 300
  allow_overwrite = true
}

resource "aws_acm_certificate_validation" "site" {
  count    = local.custom_domain ? 1 : 0
  provider = aws.us_east_1

  certificate_arn         = aws_acm_certificate.site[0].arn
  validation_record_fqdns = [for record in aws_route53_record.validation : record.fqdn]
}

resource "aws_route53_record" "alias" {
  for_each = local.custom_domain ? toset(["A", "AAAA"]) : toset([])

  zone_id = var.hosted_zone_id
  name    = var.domain_name
  type    = each.value

  alias {
    name                   = aws_cloudfront_distribution.this.domain_name
    zone_id                = aws_cloudfront_distribution.this.hosted_zone_id
    evaluate_target_health = false
  }
}

# -- distribution --------------------------------------------------------------------------
resource "aws_cloudfront_distribution" "this" {
  #checkov:skip=CKV_AWS_310:Origin failover needs a second site bucket in another region; the site is rebuilt from git in minutes.
  #checkov:skip=CKV_AWS_374:A chat app is used worldwide; no geo restriction by default (add one per jurisdiction if required).
  #checkov:skip=CKV2_AWS_47:web_acl_id is the waf module's CLOUDFRONT ACL, which includes AWSManagedRulesKnownBadInputsRuleSet (Log4j); the graph check cannot follow the module variable. tests/infra asserts it.
  #checkov:skip=CKV_AWS_174:TLS 1.2_2021 is enforced with a custom domain; the default *.cloudfront.net certificate cannot set a minimum protocol.
  enabled             = true
  is_ipv6_enabled     = true
  comment             = "${var.name_prefix} web client and /api"
  default_root_object = "index.html"
  price_class         = var.price_class
  aliases             = local.aliases
  web_acl_id          = var.web_acl_arn
  http_version        = "http2and3"

  origin {
    origin_id                = local.s3_origin_id
    domain_name              = module.site_bucket.bucket_regional_domain_name
    origin_access_control_id = aws_cloudfront_origin_access_control.site.id
  }

  origin {
    origin_id   = local.api_origin_id
    domain_name = var.rest_api_domain

    # Proves to the REST stage's WAF that the request came through this distribution (it
    # replaces any viewer-sent header of the same name).
    custom_header {
      name  = var.origin_verify_header.name
      value = var.origin_verify_header.value
    }

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  default_cache_behavior {
    target_origin_id           = local.s3_origin_id
    viewer_protocol_policy     = "redirect-to-https"
    allowed_methods            = ["GET", "HEAD", "OPTIONS"]
    cached_methods             = ["GET", "HEAD"]
    compress                   = true
    cache_policy_id            = aws_cloudfront_cache_policy.html.id
    response_headers_policy_id = aws_cloudfront_response_headers_policy.security.id
  }

  ordered_cache_behavior {
    path_pattern               = "/assets/*"
    target_origin_id           = local.s3_origin_id
    viewer_protocol_policy     = "redirect-to-https"
    allowed_methods            = ["GET", "HEAD"]
    cached_methods             = ["GET", "HEAD"]
    compress                   = true
    cache_policy_id            = aws_cloudfront_cache_policy.static_assets.id
    response_headers_policy_id = aws_cloudfront_response_headers_policy.security.id
  }

  ordered_cache_behavior {
    path_pattern               = "/api/*"
    target_origin_id           = local.api_origin_id
    viewer_protocol_policy     = "https-only"
    allowed_methods            = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]
    cached_methods             = ["GET", "HEAD"]
    compress                   = true
    cache_policy_id            = data.aws_cloudfront_cache_policy.disabled.id
    origin_request_policy_id   = data.aws_cloudfront_origin_request_policy.all_viewer_except_host.id
    response_headers_policy_id = aws_cloudfront_response_headers_policy.security.id
  }

  logging_config {
    bucket          = var.access_log_bucket_domain
    prefix          = "cloudfront/${var.name_prefix}/"
    include_cookies = false
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = !local.custom_domain
    acm_certificate_arn            = local.custom_domain ? aws_acm_certificate_validation.site[0].certificate_arn : null
    ssl_support_method             = local.custom_domain ? "sni-only" : null
    minimum_protocol_version       = local.custom_domain ? "TLSv1.2_2021" : "TLSv1"
  }

  tags = var.tags
}
