# The search index follows the Messages table's stream: Lambda polls it (no charge for the
# reads of a DynamoDB stream by Lambda) and invokes the indexer's live alias with up to 100
# records; a failing batch is retried, halved to find a bad record, and after a day's retries
# its position goes to the log instead of blocking the shard (docs/architecture.md, Search).
resource "aws_lambda_event_source_mapping" "index_messages" {
  event_source_arn                   = var.messages_stream_arn
  function_name                      = aws_lambda_alias.live["index_messages"].arn
  starting_position                  = "TRIM_HORIZON"
  batch_size                         = 100
  maximum_batching_window_in_seconds = 0
  bisect_batch_on_function_error     = true
  maximum_retry_attempts             = 50
  maximum_record_age_in_seconds      = 86400
}
