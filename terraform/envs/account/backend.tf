# Remote state, configured at init (docs/deploy.md, "Once per account"):
#   terraform -chdir=terraform/envs/account init -backend-config=bucket=<state bucket> \
#     -backend-config=key=cloud-chat/account/<region>/terraform.tfstate -backend-config=region=<region>
terraform {
  backend "s3" {
    encrypt      = true
    use_lockfile = true
  }
}
