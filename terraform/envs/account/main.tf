# The API Gateway CloudWatch Logs role is an account-and-region singleton (aws_api_gateway_account),
# shared by every stage's REST and WebSocket execution logs. It lives in this root, applied once
# per account and region before the first stage (docs/deploy.md), so no stage owns it and
# destroying dev cannot switch off prod's logging.
data "aws_partition" "current" {}

data "aws_iam_policy_document" "assume_apigateway" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["apigateway.amazonaws.com"]
    }
  }
}

# IAM is global, the setting is per region: the region in the name lets each region have its own.
resource "aws_iam_role" "apigateway_logs" {
  name               = "cloudchat-apigateway-logs-${var.region}"
  description        = "API Gateway writes execution and access logs of every Cloud Chat stage in ${var.region}"
  assume_role_policy = data.aws_iam_policy_document.assume_apigateway.json
}

resource "aws_iam_role_policy_attachment" "apigateway_logs" {
  role       = aws_iam_role.apigateway_logs.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"
}

resource "aws_api_gateway_account" "this" {
  cloudwatch_role_arn = aws_iam_role.apigateway_logs.arn

  depends_on = [aws_iam_role_policy_attachment.apigateway_logs]
}
