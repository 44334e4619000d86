#!/usr/bin/env bash
# Run Terraform offline against the machine's provider mirror, in a temporary copy of the repo's
# Terraform, so no .terraform/, lock file or state lands in the working tree.
#   usage: scripts/tf_offline.sh validate          terraform validate on envs/dev, envs/prod and envs/account
#          scripts/tf_offline.sh test [ARGS...]    terraform test: tests/infra/terraform plans and
#                                                  applies every root against the mock provider
# Exits 0 with a note where the mirror is missing: nothing can be downloaded here.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TERRAFORM="${TERRAFORM:-terraform}"
TF_PLUGIN_DIR="${TF_PLUGIN_DIR:-/opt/tf-plugins}"
what="${1:?usage: tf_offline.sh validate|test [ARGS...]}"
shift

if [ ! -d "$TF_PLUGIN_DIR" ]; then
  echo "terraform $what: skipped: no local provider mirror at $TF_PLUGIN_DIR (CI on this machine kind has it)"
  exit 0
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -p "$tmp/tests/infra"
cp -R "$ROOT/terraform" "$tmp/terraform"
cp -R "$ROOT/tests/infra/terraform" "$tmp/tests/infra/terraform"
find "$tmp" \( -name .terraform -o -name .terraform.lock.hcl -o -name '*.tfstate*' \) -prune -exec rm -rf {} +
export TF_IN_AUTOMATION=1 TF_CLI_CONFIG_FILE=/dev/null

init() {
  "$TERRAFORM" -chdir="$1" init -backend=false -input=false -no-color -plugin-dir="$TF_PLUGIN_DIR" >"$tmp/init.log" 2>&1 \
    || { cat "$tmp/init.log"; exit 1; }
}

case "$what" in
  validate)
    for env in dev prod account; do
      echo "terraform validate: envs/$env"
      init "$tmp/terraform/envs/$env"
      "$TERRAFORM" -chdir="$tmp/terraform/envs/$env" validate -no-color
    done
    ;;
  test)
    init "$tmp/tests/infra/terraform"
    "$TERRAFORM" -chdir="$tmp/tests/infra/terraform" test -no-color "$@"
    ;;
  *)
    echo "tf_offline.sh: unknown command '$what'" >&2
    exit 2
    ;;
esac
