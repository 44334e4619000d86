#!/usr/bin/env python3
"""Regenerate the inputs/outputs tables in terraform/modules/*/README.md (run with .venv-infra).

Everything above the ``<!-- BEGIN_TF_DOCS -->`` marker is hand-written and kept; the tables
between the markers are rebuilt from variables.tf / outputs.tf.
tests/infra/test_infra_layout.py fails when a README misses an input or output.

    .venv-infra/bin/python scripts/gen_infra_readmes.py
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import hcl2

ROOT = Path(__file__).resolve().parent.parent
MODULES = ROOT / "terraform" / "modules"
BEGIN, END = "<!-- BEGIN_TF_DOCS -->", "<!-- END_TF_DOCS -->"


def first(value: Any) -> Any:
    return value[0] if isinstance(value, list) and len(value) == 1 else value


def type_expressions(text: str) -> dict[str, str]:
    """The verbatim `type = ...` expression of each variable (hcl2 mangles object types)."""
    found: dict[str, str] = {}
    for match in re.finditer(r'variable\s+"([^"]+)"\s*\{', text):
        start = text.index("type", match.end())
        expr_start = text.index("=", start) + 1
        depth, i = 0, expr_start
        while i < len(text):
            ch = text[i]
            if ch in "({[":
                depth += 1
            elif ch in ")}]":
                depth -= 1
            elif ch == "\n" and depth == 0 and text[expr_start:i].strip():
                break
            i += 1
        found[match.group(1)] = " ".join(text[expr_start:i].split())
    return found


def cell(value: str) -> str:
    return value.replace('\\"', '"').replace("|", "\\|").replace("\n", " ")


def default_of(body: dict[str, Any]) -> tuple[str, bool]:
    if "default" not in body:
        return "n/a", True
    if first(body.get("sensitive")) is True:
        return "(sensitive)", False
    rendered = json.dumps(first(body["default"]))
    return (f"`{rendered}`" if len(rendered) <= 60 else "see variables.tf"), False


def tables(module: Path) -> str:
    variables_tf = (module / "variables.tf").read_text()
    types = type_expressions(variables_tf)
    variables = {k: v for item in hcl2.loads(variables_tf).get("variable", []) for k, v in item.items()}
    outputs = {k: v for item in hcl2.loads((module / "outputs.tf").read_text()).get("output", [])
               for k, v in item.items()}
    lines = ["## Inputs", "", "| Name | Description | Type | Default | Required |", "|---|---|---|---|---|"]
    for name, body in variables.items():
        default, required = default_of(body)
        type_expr = types.get(name, "any")
        type_cell = f"`{type_expr}`" if len(type_expr) <= 50 else "`object` (see variables.tf)"
        lines.append(f"| `{name}` | {cell(first(body.get('description', '')))} | {cell(type_cell)} | {cell(default)} | "
                     f"{'yes' if required else 'no'} |")
    lines += ["", "## Outputs", "", "| Name | Description |", "|---|---|"]
    for name, body in outputs.items():
        lines.append(f"| `{name}` | {cell(first(body.get('description', '')))} |")
    return "\n".join(lines)


def main() -> int:
    for module in sorted(p for p in MODULES.iterdir() if p.is_dir()):
        readme = module / "README.md"
        text = readme.read_text() if readme.exists() else f"# {module.name}\n\n"
        head = text.split(BEGIN)[0].rstrip() + "\n\n"
        tail = text.split(END, 1)[1] if END in text else "\n"
        readme.write_text(f"{head}{BEGIN}\n{tables(module)}\n{END}{tail}")
        print(f"wrote {readme.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
