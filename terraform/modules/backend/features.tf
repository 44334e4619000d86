# Optional feature-flag parameters (var.feature_flag_parameters) under var.feature_flags_ssm_path.
# Terraform seeds them; afterwards their values belong to operators (ignore_changes), and a new
# Lambda container picks a change up at start-up (chalicelib/config.py, feature_overrides).
resource "aws_ssm_parameter" "feature_flag" {
  #checkov:skip=CKV2_AWS_34:feature flags are public (GET /config serves them), not secrets
  for_each = var.feature_flag_parameters

  name        = "${var.feature_flags_ssm_path}/${each.key}"
  description = "Cloud Chat ${var.stage} feature flag ${each.key}"
  type        = "String"
  value       = each.value
  tags        = var.tags

  lifecycle {
    ignore_changes = [value]
  }
}
