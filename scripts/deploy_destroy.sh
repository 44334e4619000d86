#!/usr/bin/env bash
# Tear a stage down (terraform destroy). prod keeps deletion protection on its tables and user
# pool and refuses to delete non-empty buckets: turn those off deliberately first.
#   usage: STAGE=dev TF_STATE_BUCKET=<bucket> scripts/deploy_destroy.sh     (AUTO_APPROVE=1 skips the prompt)
#   region and state settings: scripts/deploy_env.sh
set -euo pipefail
# shellcheck source=scripts/deploy_env.sh
. "$(dirname "$0")/deploy_env.sh"
# The backend module references the zip; destroy does not read it, but it must be a path.
ZIP="$ROOT/build/chalice/deployment.zip"

tf_init
APPROVE=()
[ "${AUTO_APPROVE:-0}" = "1" ] && APPROVE=(-auto-approve)
terraform -chdir="$TF_DIR" destroy -input=false "${APPROVE[@]}" -var "package_path=$ZIP"
