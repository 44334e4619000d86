#!/usr/bin/env bash
# Build the Lambda deployment zip with `chalice package` (build/chalice/deployment.zip).
# Terraform (terraform/modules/backend) deploys it; the generated chalice.tf.json is kept
# for reference only (it pins Terraform < 1.4 / AWS provider < 5).
#
# Packaging runs on a staged copy of app.py + chalicelib + requirements.txt so the build
# never writes into the working tree (.chalice/deployments etc.).
#
# Two checks and one trim around it:
#   - chalice must run under the Lambda runtime's Python (the backend module's `runtime` default):
#     it bundles wheels built for the interpreter it runs under.
#   - the AWS SDK (boto3, botocore and their dependencies), which PynamoDB pulls in, is removed
#     from the zip: the Lambda runtime ships it, and bundling it more than doubled the zip
#     (docs/deploy.md, "Lambda package").
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

RUNTIME_SDK="boto3 botocore s3transfer jmespath urllib3 dateutil python_dateutil six"

BACKEND_VARS="$ROOT/terraform/modules/backend/variables.tf"
RUNTIME="$(sed -n '/^variable "runtime"/,/^}/s/^ *default *= *"\(python3\.[0-9]*\)".*/\1/p' "$BACKEND_VARS")"
[ -n "$RUNTIME" ] || { echo "build: no runtime default in $BACKEND_VARS" >&2; exit 1; }
# `chalice --version` prints "chalice 1.34.0, python 3.11.7, linux …": the interpreter it packages for.
BUILDING="$("$CHALICE" --version | sed -n 's/.*, python \([0-9]*\.[0-9]*\)\..*/python\1/p')"
if [ "$BUILDING" != "$RUNTIME" ]; then
  echo "build: chalice runs under ${BUILDING:-an unknown Python}, but the Lambda runtime is $RUNTIME" \
    "($BACKEND_VARS); its wheels would not load there. Build with $RUNTIME (make clean && make PYTHON=$RUNTIME lint)." >&2
  exit 1
fi

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
# Top-level entries of the SDK's packages and their .dist-info/.data dirs (e.g. botocore-1.44.8.dist-info).
"$(dirname "$CHALICE")/python" - "$OUT/deployment.zip" "$RUNTIME_SDK" <<'PY'
import os, sys, zipfile
path, sdk = sys.argv[1], set(sys.argv[2].split())
with zipfile.ZipFile(path) as src, zipfile.ZipFile(path + ".tmp", "w", zipfile.ZIP_DEFLATED) as dst:
    for item in src.infolist():
        if item.filename.split("/")[0].split("-")[0].removesuffix(".py") not in sdk:
            dst.writestr(item, src.read(item))
os.replace(path + ".tmp", path)
PY
test -s "$OUT/deployment.zip"
echo "built $OUT/deployment.zip"
