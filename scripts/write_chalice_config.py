#!/usr/bin/env python3
"""Render ``.chalice/config.json`` for one stage from ``terraform output -json``.

Terraform owns every AWS resource (terraform/modules/backend deploys the Lambda functions
and both APIs natively), so the Chalice config only mirrors what the functions are given:
the environment variables, the execution role and the API Gateway stage name. Other
stages already in the file are kept.

    python scripts/write_chalice_config.py --stage dev                    # runs terraform output
    python scripts/write_chalice_config.py --stage dev --outputs out.json # from a saved file
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
APP_NAME = "cloud-chat"
API_STAGE = "api"


def terraform_outputs(stage: str) -> dict[str, Any]:
    raw = subprocess.run(
        ["terraform", f"-chdir={ROOT / 'terraform' / 'envs' / stage}", "output", "-json"],
        check=True, capture_output=True, text=True,
    ).stdout
    return json.loads(raw)


def value(outputs: dict[str, Any], name: str) -> Any:
    """``terraform output -json`` wraps each output as {"value": ..., "type": ..., "sensitive": ...}."""
    if name not in outputs:
        raise SystemExit(f"terraform output '{name}' is missing; run terraform apply first")
    item = outputs[name]
    return item["value"] if isinstance(item, dict) and "value" in item else item


def stage_config(outputs: dict[str, Any]) -> dict[str, Any]:
    env = {k: str(v) for k, v in sorted(value(outputs, "environment_variables").items())}
    return {
        "api_gateway_stage": API_STAGE,
        "api_gateway_endpoint_type": "REGIONAL",
        "environment_variables": env,
        "manage_iam_role": False,
        "iam_role_arn": value(outputs, "app_role_arn"),
        "xray": True,
    }


def render(existing: dict[str, Any], stage: str, outputs: dict[str, Any]) -> dict[str, Any]:
    config = {"version": "2.0", "app_name": APP_NAME, "api_gateway_stage": API_STAGE, "stages": {}}
    config.update({k: v for k, v in existing.items() if k != "stages"})
    config["stages"] = dict(existing.get("stages", {}))
    config["stages"][stage] = stage_config(outputs)
    return config


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stage", required=True)
    parser.add_argument("--outputs", type=Path, help="saved `terraform output -json` (default: run terraform)")
    parser.add_argument("--config", type=Path, default=ROOT / ".chalice" / "config.json")
    args = parser.parse_args(argv)

    outputs = json.loads(args.outputs.read_text()) if args.outputs else terraform_outputs(args.stage)
    existing = json.loads(args.config.read_text()) if args.config.exists() else {}
    config = render(existing, args.stage, outputs)
    args.config.parent.mkdir(parents=True, exist_ok=True)
    args.config.write_text(json.dumps(config, indent=2, sort_keys=False) + "\n")
    count = len(config["stages"][args.stage]["environment_variables"])
    print(f"wrote {args.config} (stage {args.stage}, {count} variables)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
