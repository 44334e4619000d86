# Sourced by scripts/deploy.sh and scripts/deploy_destroy.sh: the stage, its region and its remote
# state, checked before anything touches AWS.
#   env: STAGE (dev)  AWS_REGION (or AWS_DEFAULT_REGION; us-east-1): the stage's region, passed
#        to Terraform as TF_VAR_region so the CLI and the provider never disagree.
#        TF_STATE_BUCKET (required): S3 bucket holding the state (docs/deploy.md, "Remote state");
#        TF_STATE_REGION: its region (default: the stage's region).
# The state key is cloud-chat/<stage>/terraform.tfstate. There is no local-state mode: a stack
# whose state lives on one laptop (or a CI runner) can be neither shared nor destroyed.
# shellcheck shell=bash
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STAGE="${STAGE:-${1:-dev}}"
TF_DIR="$ROOT/terraform/envs/$STAGE"
[ -d "$TF_DIR" ] || { echo "$0: no terraform/envs/$STAGE" >&2; exit 1; }

AWS_REGION="${AWS_REGION:-${AWS_DEFAULT_REGION:-us-east-1}}"
export AWS_REGION TF_VAR_region="$AWS_REGION"

if [ -z "${TF_STATE_BUCKET:-}" ]; then
  if [ -n "${CI:-}" ]; then
    echo "$0: refusing to run in CI without remote state: set the repository variable TF_STATE_BUCKET" \
      "(docs/deploy.md, \"Remote state\")" >&2
  else
    echo "$0: TF_STATE_BUCKET is not set. Terraform state lives in S3 (key cloud-chat/$STAGE/terraform.tfstate);" \
      "create the bucket once (docs/deploy.md, \"Remote state\") and export TF_STATE_BUCKET=<bucket>." >&2
  fi
  exit 1
fi

# terraform init against the stage's S3 state (the rest of the partial backend is in backend.tf).
tf_init() {
  terraform -chdir="$TF_DIR" init -input=false -reconfigure \
    -backend-config="bucket=$TF_STATE_BUCKET" \
    -backend-config="key=cloud-chat/$STAGE/terraform.tfstate" \
    -backend-config="region=${TF_STATE_REGION:-$AWS_REGION}"
}
