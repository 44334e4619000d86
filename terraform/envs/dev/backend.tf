# Remote state in S3, locked with an S3 lock file (Terraform >= 1.10). Partial configuration:
# scripts/deploy_env.sh passes bucket, key (cloud-chat/<stage>/terraform.tfstate) and region with
# -backend-config from TF_STATE_BUCKET / TF_STATE_REGION, and refuses to run without them, so no
# deploy (CI above all) ever applies with throwaway local state. One-time bucket setup:
# docs/deploy.md, "Remote state". `terraform init -backend=false` (make infra-validate, the
# mock-provider tests) ignores this block.
terraform {
  backend "s3" {
    use_lockfile = true
    encrypt      = true
  }
}
