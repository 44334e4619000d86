#!/usr/bin/env bash
# The whole deploy path for one stage (docs/deploy.md):
#   1. build the Lambda zip (chalice package)      4. build the web client
#   2. terraform init (S3 state) + apply,            5. s3 sync + CloudFront invalidation
#      then prune old Lambda versions
#   3. write .chalice/config.json from the outputs
#   usage: STAGE=dev TF_STATE_BUCKET=<bucket> scripts/deploy.sh   (AUTO_APPROVE=1 skips terraform's prompt)
#   region and state settings: scripts/deploy_env.sh
set -euo pipefail
# shellcheck source=scripts/deploy_env.sh
. "$(dirname "$0")/deploy_env.sh"
PY="${PY:-$ROOT/.venv/bin/python}"

for tool in aws terraform npm; do
  command -v "$tool" >/dev/null || { echo "deploy: '$tool' is not installed (see docs/deploy.md)" >&2; exit 1; }
done
aws sts get-caller-identity --query Arn --output text >/dev/null \
  || { echo "deploy: no AWS credentials" >&2; exit 1; }

echo "==> 1/5 build the Lambda package"
"$ROOT/scripts/deploy_build.sh" "$STAGE"

echo "==> 2/5 terraform apply ($STAGE, $AWS_REGION)"
tf_init
APPROVE=()
[ "${AUTO_APPROVE:-0}" = "1" ] && APPROVE=(-auto-approve)
terraform -chdir="$TF_DIR" apply -input=false "${APPROVE[@]}" \
  -var "package_path=$ROOT/build/chalice/deployment.zip"

OUTPUTS="$ROOT/build/terraform-outputs-$STAGE.json"
terraform -chdir="$TF_DIR" output -json > "$OUTPUTS"
out() { "$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]]["value"])' "$OUTPUTS" "$1"; }
"$PY" "$ROOT/scripts/prune_lambda_versions.py" --outputs "$OUTPUTS"

echo "==> 3/5 .chalice/config.json"
"$PY" "$ROOT/scripts/write_chalice_config.py" --stage "$STAGE" --outputs "$OUTPUTS"

echo "==> 4/5 build the web client"
(cd "$ROOT/web" && npm ci --no-audit --no-fund && npm run build)

echo "==> 5/5 upload and invalidate"
BUCKET="$(out web_bucket)"
DIST="$(out cloudfront_distribution_id)"
# Hashed assets: immutable for a year. Everything else (index.html, sw.js, manifest): revalidate.
aws s3 sync "$ROOT/web/dist/assets" "s3://$BUCKET/assets" --delete \
  --cache-control "public,max-age=31536000,immutable"
aws s3 sync "$ROOT/web/dist" "s3://$BUCKET" --delete --exclude "assets/*" \
  --cache-control "no-cache"
aws cloudfront create-invalidation --distribution-id "$DIST" --paths "/*" --query Invalidation.Id --output text

echo "deployed $STAGE: $(out web_url)"
