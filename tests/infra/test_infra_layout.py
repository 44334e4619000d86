"""Module layout, typed/validated variables, READMEs in sync, dev/prod composed identically."""

from __future__ import annotations

import re

import pytest
from infra_hcl import ENVS, MODULE_NAMES, MODULES, TERRAFORM, attr, load_dir, names

REQUIRED_FILES = ("versions.tf", "variables.tf", "main.tf", "outputs.tf", "README.md")


@pytest.mark.parametrize("module", MODULE_NAMES)
def test_module_has_the_standard_files(module: str) -> None:
    missing = [f for f in REQUIRED_FILES if not (MODULES / module / f).is_file()]
    assert not missing, f"{module} lacks {missing}"


@pytest.mark.parametrize("module", MODULE_NAMES)
def test_variables_are_typed_described_and_validated(module: str) -> None:
    variables = names(load_dir(MODULES / module), "variable")
    assert variables
    untyped = [n for n, body in variables.items() if "type" not in body]
    undocumented = [n for n, body in variables.items() if not attr(body, "description")]
    assert not untyped, f"{module}: untyped variables {untyped}"
    assert not undocumented, f"{module}: undocumented variables {undocumented}"
    assert any("validation" in body for body in variables.values()), f"{module}: no validation blocks"


@pytest.mark.parametrize("module", MODULE_NAMES)
def test_outputs_are_described(module: str) -> None:
    outputs = names(load_dir(MODULES / module), "output")
    assert outputs
    assert not [n for n, body in outputs.items() if not attr(body, "description")]


@pytest.mark.parametrize("module", MODULE_NAMES)
def test_readme_tables_list_every_input_and_output(module: str) -> None:
    parsed = load_dir(MODULES / module)
    readme = (MODULES / module / "README.md").read_text()
    listed = set(re.findall(r"^\| `([a-z0-9_]+)` \|", readme, flags=re.M))
    expected = set(names(parsed, "variable")) | set(names(parsed, "output"))
    missing = sorted(expected - listed)
    assert not missing, f"{module}/README.md misses {missing} (run `make infra-docs`)"


def test_dev_and_prod_compose_the_same_modules() -> None:
    for name in ("main.tf", "outputs.tf", "versions.tf"):
        assert (ENVS / "dev" / name).read_text() == (ENVS / "prod" / name).read_text(), name
    dev_vars = set(names(load_dir(ENVS / "dev"), "variable"))
    prod_vars = set(names(load_dir(ENVS / "prod"), "variable"))
    assert dev_vars == prod_vars


@pytest.mark.parametrize("env", ["dev", "prod"])
def test_env_uses_every_module_and_documents_remote_state(env: str) -> None:
    modules = names(load_dir(ENVS / env), "module")
    sources = {attr(body, "source") for body in modules.values()}
    assert {f"../../modules/{m}" for m in MODULE_NAMES} <= sources
    backend = (ENVS / env / "backend.tf").read_text()
    assert '#   backend "s3"' in backend and "dynamodb_table" in backend, "commented S3 backend example"
    assert not re.search(r'^\s*backend\s+"s3"', backend, flags=re.M), "the example must stay commented"


def test_prod_is_protected() -> None:
    prod = names(load_dir(ENVS / "prod"), "variable")
    assert attr(prod["deletion_protection"], "default") is True
    assert attr(prod["force_destroy_buckets"], "default") is False


def test_terraform_pins_current_versions() -> None:
    for versions in TERRAFORM.rglob("versions.tf"):
        text = versions.read_text()
        assert re.search(r'version\s+= ">= 5\.100\.0, < 6\.0\.0"', text), versions
        assert 'required_version = ">= 1.5.0"' in text, versions
