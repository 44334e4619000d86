#!/usr/bin/env bash
# Rollback through Terraform: pin every function's "live" alias (what API Gateway invokes via the
# lambdaAlias stage variable) to an earlier published version, then apply. The pin is written to
# terraform/envs/<stage>/rollback.auto.tfvars.json, which every later apply of the stage reads
# (make deploy included), so the rollback survives until it is lifted; commit the file so CI's
# applies keep it too. New code is still published meanwhile, but "live" stays where it is.
#   usage: STAGE=prod scripts/deploy_rollback.sh                  one version back from what live serves
#          STAGE=prod VERSION=7 scripts/deploy_rollback.sh        version 7 (all functions)
#          STAGE=prod VERSION=latest scripts/deploy_rollback.sh   lift the pin: live = newest version again
#   (AUTO_APPROVE=1 skips terraform's prompt; TF_STATE_BUCKET and region: scripts/deploy_env.sh)
set -euo pipefail
# shellcheck source=scripts/deploy_env.sh
. "$(dirname "$0")/deploy_env.sh"
VERSION="${VERSION:-}"
PIN_FILE="$TF_DIR/rollback.auto.tfvars.json"
ZIP="$ROOT/build/chalice/deployment.zip"

[[ -z "$VERSION" || "$VERSION" = "latest" || "$VERSION" =~ ^[1-9][0-9]*$ ]] \
  || { echo "rollback: VERSION must be a version number or 'latest'" >&2; exit 1; }

tf_init
if [ "$VERSION" = "latest" ]; then
  rm -f "$PIN_FILE"
  echo "rollback: pin lifted; live follows the newest published version"
else
  # Reads function_names and function_versions (what live serves now) from the stage's outputs;
  # for "one back", the newest existing version below live's (pruning may have removed live-1).
  terraform -chdir="$TF_DIR" output -json | python3 -c '
import json, subprocess, sys
version, pin_file = sys.argv[1], sys.argv[2]
out = json.load(sys.stdin)
pins = {}
for key, name in sorted(out["function_names"]["value"].items()):
    current = int(out["function_versions"]["value"][key])
    if version:
        target = int(version)
    else:
        listed = subprocess.run(
            ["aws", "lambda", "list-versions-by-function", "--function-name", name,
             "--query", "Versions[].Version", "--output", "json"],
            check=True, capture_output=True, text=True).stdout
        older = [int(v) for v in json.loads(listed) if v.isdigit() and int(v) < current]
        target = max(older, default=current)
        if not older:
            print(f"{name}: no version before {current}; stays", file=sys.stderr)
    print(f"{name}: live {current} -> {target}")
    pins[key] = str(target)
with open(pin_file, "w") as handle:
    json.dump({"live_versions": pins}, handle, indent=2, sort_keys=True)
    handle.write("\n")
' "$VERSION" "$PIN_FILE"
  echo "rollback: wrote ${PIN_FILE#"$ROOT"/}"
fi

# The apply reads the stage's package like any other; a rebuilt zip is published as a new version
# that live (pinned) does not serve.
[ -f "$ZIP" ] || "$ROOT/scripts/deploy_build.sh" "$STAGE"
APPROVE=()
[ "${AUTO_APPROVE:-0}" = "1" ] && APPROVE=(-auto-approve)
terraform -chdir="$TF_DIR" apply -input=false "${APPROVE[@]}" -var "package_path=$ZIP"
