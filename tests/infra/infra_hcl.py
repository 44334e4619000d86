"""Shared helpers for the offline infrastructure checks (run with .venv-infra: `make infra-check`).

python-hcl2 parses the Terraform; anything that needs the app (PynamoDB models, Chalice)
runs in a subprocess of the app's own virtualenv (.venv), so .venv-infra stays small.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

hcl2 = pytest.importorskip("hcl2", reason="infra tests run in .venv-infra (make infra-venv)")

ROOT = Path(__file__).resolve().parents[2]
TERRAFORM = ROOT / "terraform"
MODULES = TERRAFORM / "modules"
ENVS = TERRAFORM / "envs"
APP_PYTHON = Path(os.environ.get("APP_PYTHON", ROOT / ".venv" / "bin" / "python"))
APP_CHALICE = Path(os.environ.get("APP_CHALICE", ROOT / ".venv" / "bin" / "chalice"))
COMPONENT_MODULES = ("data", "auth", "media", "web", "waf", "cache", "notify", "keys", "observability", "backend")
# Internal building blocks the component modules call (not wired by stack directly).
INTERNAL_MODULES = ("private_bucket",)
# stack wires the components into one stage; terraform/envs/<stage> each call it once.
MODULE_NAMES = (*COMPONENT_MODULES, *INTERNAL_MODULES, "stack")
APP_SOURCES = [ROOT / "app.py", *sorted((ROOT / "chalicelib").rglob("*.py"))]


def unwrap(value: Any) -> Any:
    """python-hcl2 wraps attribute values in a one-element list; blocks stay lists of dicts."""
    if isinstance(value, list) and len(value) == 1 and not isinstance(value[0], dict):
        return value[0]
    return value


def attr(body: dict[str, Any], key: str, default: Any = None) -> Any:
    if key not in body:
        return default
    value = body[key]
    if isinstance(value, list) and len(value) == 1:
        return value[0]
    return value


def blocks(body: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = body.get(key, [])
    return value if isinstance(value, list) else [value]


def flat(value: Any) -> list[Any]:
    """Flatten nested lists (hcl2 nests list attributes one level deeper)."""
    if isinstance(value, list):
        return [x for item in value for x in flat(item)]
    return [value]


def load_dir(path: Path) -> dict[str, list[Any]]:
    """Every top-level section (resource, data, locals, variable, output, module, ...) of all *.tf in a dir."""
    merged: dict[str, list[Any]] = {}
    for tf in sorted(path.glob("*.tf")):
        with tf.open() as handle:
            parsed = hcl2.load(handle)
        for section, items in parsed.items():
            merged.setdefault(section, []).extend(items if isinstance(items, list) else [items])
    return merged


def resources(parsed: dict[str, list[Any]], rtype: str, section: str = "resource") -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for item in parsed.get(section, []):
        for kind, named in item.items():
            if kind == rtype:
                found.update(named)
    return found


def locals_of(parsed: dict[str, list[Any]]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for item in parsed.get("locals", []):
        merged.update({k: attr(item, k) for k in item if not k.startswith("__")})
    return merged


def names(parsed: dict[str, list[Any]], section: str) -> dict[str, dict[str, Any]]:
    merged: dict[str, dict[str, Any]] = {}
    for item in parsed.get(section, []):
        merged.update(item)
    return merged


def run_app_python(code: str, env: dict[str, str] | None = None) -> Any:
    """Run code in the app's virtualenv and return the JSON it prints."""
    if not APP_PYTHON.exists():
        pytest.skip(f"app virtualenv missing ({APP_PYTHON}); run `make` once")
    full_env = {**os.environ, "AWS_DEFAULT_REGION": "us-east-1", **(env or {})}
    out = subprocess.run([str(APP_PYTHON), "-c", code], cwd=ROOT, env=full_env, check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)
