#!/usr/bin/env bash
# Build the Lambda deployment zip with `chalice package` (build/chalice/deployment.zip).
# Terraform (terraform/modules/backend) deploys it; the generated chalice.tf.json is kept
# for reference only (it pins Terraform < 1.4 / AWS provider < 5).
#
# Packaging runs on a staged copy of app.py + chalicelib + requirements.txt so the build
# never writes into the working tree (.chalice/deployments etc.).
#   usage: scripts/deploy_build.sh [STAGE]
#   env:   CHALICE (default .venv/bin/chalice)  OUT (build/chalice)  SRC (build/chalice-src)
#          CHALICE_CONFIG (.chalice/config.json)  REQUIREMENTS (requirements.txt)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
STAGE="${1:-${STAGE:-dev}}"
CHALICE="${CHALICE:-$ROOT/.venv/bin/chalice}"
OUT="${OUT:-$ROOT/build/chalice}"
SRC="${SRC:-$ROOT/build/chalice-src}"
CHALICE_CONFIG="${CHALICE_CONFIG:-$ROOT/.chalice/config.json}"
REQUIREMENTS="${REQUIREMENTS:-$ROOT/requirements.txt}"

rm -rf "$SRC" "$OUT"
mkdir -p "$SRC/.chalice"
cp -R "$ROOT/app.py" "$ROOT/chalicelib" "$SRC/"
cp "$REQUIREMENTS" "$SRC/requirements.txt"
find "$SRC" -name '__pycache__' -prune -exec rm -rf {} +

if [ -f "$CHALICE_CONFIG" ]; then
  cp "$CHALICE_CONFIG" "$SRC/.chalice/config.json"
else
  printf '{"version": "2.0", "app_name": "cloud-chat", "api_gateway_stage": "api", "stages": {"%s": {}}}\n' \
    "$STAGE" > "$SRC/.chalice/config.json"
fi

(cd "$SRC" && AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-${AWS_REGION:-us-east-1}}" \
  "$CHALICE" package --stage "$STAGE" --pkg-format terraform "$OUT")
test -s "$OUT/deployment.zip"
echo "built $OUT/deployment.zip"
