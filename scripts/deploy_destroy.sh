#!/usr/bin/env bash
# Tear a stage down (terraform destroy). prod keeps deletion protection on its tables and user
# pool and refuses to delete non-empty buckets: turn those off deliberately first.
#   usage: STAGE=dev scripts/deploy_destroy.sh     (AUTO_APPROVE=1 skips the prompt)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
STAGE="${STAGE:-${1:-dev}}"
TF_DIR="$ROOT/terraform/envs/$STAGE"
ZIP="$ROOT/build/chalice/deployment.zip"

[ -d "$TF_DIR" ] || { echo "destroy: no terraform/envs/$STAGE" >&2; exit 1; }
# The backend module references the zip; destroy does not read it, but it must be a path.
terraform -chdir="$TF_DIR" init -input=false
APPROVE=()
[ "${AUTO_APPROVE:-0}" = "1" ] && APPROVE=(-auto-approve)
terraform -chdir="$TF_DIR" destroy -input=false "${APPROVE[@]}" -var "package_path=$ZIP"
