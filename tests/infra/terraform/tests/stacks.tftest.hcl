# Every deployable root planned and applied against the mock AWS provider: what
# `make deploy STAGE=<stage>` would do on a fresh account, short of AWS's own answers. An apply
# run plans first, so anything unknown until apply (a count on a new bucket's id, say) fails here.
# Assertions can only read a root's outputs; the modules' own tests (tests/*.tftest.hcl next to
# this file) apply each module directly and assert on its resources.
mock_provider "aws" {
  source = "./mocks"
}

# CloudFront-scope resources (the CLOUDFRONT web ACL, the certificate) come from us-east-1.
mock_provider "aws" {
  alias  = "us_east_1"
  source = "./mocks"

  mock_resource "aws_wafv2_web_acl" {
    defaults = {
      arn = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/cloudchat-mock/0a1b2c3d-0000-1111-2222-333344445555"
    }
  }
}

run "dev" {
  module {
    source = "../../../terraform/envs/dev"
  }

  # AWS answers a bucket's id with its name; the CSP names the media bucket's origin.
  override_resource {
    target = module.stack.module.media.module.bucket.aws_s3_bucket.this
    values = { id = "cloudchat-dev-media-123456789012" }
  }

  assert {
    condition     = keys(output.function_names) == ["api", "cognito", "index_messages", "sweep_expired_sockets", "sweep_retention", "websocket_connect", "websocket_disconnect", "websocket_message"]
    error_message = "dev deploys the eight Chalice handlers (six plus the expiry and retention sweep schedules)"
  }

  assert {
    condition     = output.websocket_url == "wss://w1s2k3t4a5.execute-api.us-east-1.amazonaws.com/api"
    error_message = "the WebSocket URL is the API's stage URL"
  }

  assert {
    condition     = output.content_security_policy == "base-uri 'self'; connect-src 'self' wss://w1s2k3t4a5.execute-api.us-east-1.amazonaws.com https://cognito-idp.us-east-1.amazonaws.com https://cloudchat-dev-media-123456789012.s3.us-east-1.amazonaws.com; default-src 'self'; form-action 'self'; frame-ancestors 'none'; img-src 'self' data: blob: https:; manifest-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; worker-src 'self'"
    error_message = "dev's CSP: connect-src names the WebSocket origin without its /api path"
  }

  assert {
    condition     = !output.redis_enabled
    error_message = "dev runs without Redis"
  }

  assert {
    condition     = output.cognito_feature_plan == { tier = "ESSENTIALS", advanced_security_mode = "OFF" }
    error_message = "dev's user pool is on Essentials, without threat protection (that needs Plus)"
  }

  assert {
    condition     = output.cognito_email == null && length(output.ses_dkim_records) == 0
    error_message = "without an SES identity dev keeps Cognito's default sender and publishes no DKIM records"
  }
}

run "prod" {
  module {
    source = "../../../terraform/envs/prod"
  }

  # AWS answers a bucket's id with its name; the CSP names the media bucket's origin.
  override_resource {
    target = module.stack.module.media.module.bucket.aws_s3_bucket.this
    values = { id = "cloudchat-prod-media-123456789012" }
  }

  assert {
    condition     = length(output.function_names) == 8 && output.stage == "prod"
    error_message = "prod deploys the eight Chalice handlers"
  }

  assert {
    condition     = output.cognito_feature_plan == { tier = "PLUS", advanced_security_mode = "AUDIT" }
    error_message = "prod's threat protection runs on Plus, in AUDIT until the client answers challenges"
  }

  assert {
    condition     = output.content_security_policy == "base-uri 'self'; connect-src 'self' wss://w1s2k3t4a5.execute-api.us-east-1.amazonaws.com https://cognito-idp.us-east-1.amazonaws.com https://cloudchat-prod-media-123456789012.s3.us-east-1.amazonaws.com; default-src 'self'; form-action 'self'; frame-ancestors 'none'; img-src 'self' data: blob: https:; manifest-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; worker-src 'self'"
    error_message = "prod's CSP: connect-src names the WebSocket origin without its /api path"
  }
}

# The account-wide API Gateway logging role: its own root, applied once per account and region.
run "account" {
  module {
    source = "../../../terraform/envs/account"
  }

  assert {
    condition     = output.cloudwatch_role_arn == "arn:aws:iam::123456789012:role/cloudchat-mock"
    error_message = "API Gateway's account setting names the logging role this root creates"
  }
}

run "all_options" {
  module {
    source = "./all_options"
  }

  # The mock answers us-east-1 for every region lookup; this root runs in eu-west-1.
  override_data {
    target = module.stack.module.backend.data.aws_region.current
    values = { name = "eu-west-1" }
  }

  assert {
    condition     = nonsensitive(output.stack.redis_enabled)
    error_message = "the all-options root turns Redis on"
  }

  assert {
    condition     = nonsensitive(output.stack.web_url) == "https://chat.example.com"
    error_message = "the custom domain serves the web client"
  }

  assert {
    condition     = startswith(nonsensitive(output.stack.websocket_url), "wss://w1s2k3t4a5.execute-api.eu-west-1.amazonaws.com/")
    error_message = "the WebSocket API lives in the stage's region"
  }

  # Cognito's mail goes through the stage's SES identity, DKIM-signed via the zone's records.
  assert {
    condition = [for k in ["email_sending_account", "source_arn", "from_email_address", "configuration_set"] : nonsensitive(output.stack.cognito_email)[k]] == [
      "DEVELOPER",
      "arn:aws:ses:us-east-1:123456789012:identity/chat.example.com",
      "Cloud Chat <no-reply@chat.example.com>",
      "cloudchat-full-mail",
    ]
    error_message = "Cognito sends through the SES identity, from no-reply@ its domain, with its configuration set"
  }

  assert {
    condition = nonsensitive(output.stack.ses_dkim_records) == {
      "4q7hx2kdr5xqbbn3ymnzk3grwg4vsaaa._domainkey.chat.example.com" = "4q7hx2kdr5xqbbn3ymnzk3grwg4vsaaa.dkim.amazonses.com"
      "uzz5fqbafrpg6kyhkxdc7h2qmoxxzbbb._domainkey.chat.example.com" = "uzz5fqbafrpg6kyhkxdc7h2qmoxxzbbb.dkim.amazonses.com"
      "m3xg4rvyrwhz6dlzp5kkm2mxqgrz3ccc._domainkey.chat.example.com" = "m3xg4rvyrwhz6dlzp5kkm2mxqgrz3ccc.dkim.amazonses.com"
    }
    error_message = "the SES domain's three Easy DKIM tokens are published as CNAMEs in its zone"
  }

  assert {
    condition     = nonsensitive(output.stack.cognito_feature_plan) == { tier = "PLUS", advanced_security_mode = "AUDIT" }
    error_message = "threat protection needs the Plus tier"
  }
}
