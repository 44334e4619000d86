#!/usr/bin/env bash
# One-command rollback: point every function's "live" alias (what API Gateway invokes via the
# lambdaAlias stage variable) back to its previous published version. Instant, no redeploy.
#   usage: STAGE=prod scripts/deploy_rollback.sh            one version back
#          STAGE=prod VERSION=7 scripts/deploy_rollback.sh  a specific version (all functions)
# A later `make deploy` publishes a new version and moves "live" forward again.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
STAGE="${STAGE:-${1:-dev}}"
TF_DIR="$ROOT/terraform/envs/$STAGE"

OUTPUTS="$(terraform -chdir="$TF_DIR" output -json)"
ALIAS="$(printf '%s' "$OUTPUTS" | python3 -c 'import json,sys; print(json.load(sys.stdin)["live_alias_name"]["value"])')"
FUNCTIONS="$(printf '%s' "$OUTPUTS" | python3 -c 'import json,sys; print(" ".join(json.load(sys.stdin)["function_names"]["value"].values()))')"

for fn in $FUNCTIONS; do
  current="$(aws lambda get-alias --function-name "$fn" --name "$ALIAS" --query FunctionVersion --output text)"
  if [ -n "${VERSION:-}" ]; then
    target="$VERSION"
  else
    target="$(aws lambda list-versions-by-function --function-name "$fn" --query 'Versions[].Version' --output text \
      | tr '\t' '\n' | grep -E '^[0-9]+$' | awk -v cur="$current" '$1 < cur' | sort -n | tail -1)"
  fi
  if [ -z "$target" ]; then
    echo "$fn: no version before $current; left as is" >&2
    continue
  fi
  aws lambda update-alias --function-name "$fn" --name "$ALIAS" --function-version "$target" >/dev/null
  echo "$fn: $ALIAS $current -> $target"
done
