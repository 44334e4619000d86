"""Module layout, typed/validated variables, READMEs in sync, dev/prod thin roots around modules/stack."""

from __future__ import annotations

import re

import pytest
from infra_hcl import COMPONENT_MODULES, ENVS, MODULE_NAMES, MODULES, TERRAFORM, attr, load_dir, names

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


def test_dev_and_prod_are_thin_roots_around_the_stack() -> None:
    """The composition lives once, in modules/stack; the roots differ only in the stage's values."""
    for name in ("versions.tf", "variables.tf", "outputs.tf"):
        assert (ENVS / "dev" / name).read_text() == (ENVS / "prod" / name).read_text(), name
    dev, prod = (names(load_dir(ENVS / env), "module") for env in ("dev", "prod"))
    assert list(dev) == list(prod) == ["stack"]
    assert set(dev["stack"]) == set(prod["stack"]), "dev and prod set the same stack inputs"
    stack_inputs = set(names(load_dir(MODULES / "stack"), "variable"))
    root_inputs = set(names(load_dir(ENVS / "dev"), "variable"))
    assert root_inputs - {"extra_tags"} == stack_inputs, "every stack input can be overridden per deployment"
    passed = {k for k in dev["stack"] if not k.startswith("__")} - {"source", "providers"}
    assert passed == stack_inputs, sorted(passed ^ stack_inputs)


def test_root_outputs_re_export_the_stack() -> None:
    stack_outputs = names(load_dir(MODULES / "stack"), "output")
    for env in ("dev", "prod"):
        outputs = names(load_dir(ENVS / env), "output")
        assert {n: attr(b, "value") for n, b in outputs.items()} == {n: f"${{module.stack.{n}}}" for n in stack_outputs}


def test_stack_uses_every_module_and_envs_document_remote_state() -> None:
    modules = names(load_dir(MODULES / "stack"), "module")
    sources = {attr(body, "source") for body in modules.values()}
    assert {f"../{m}" for m in COMPONENT_MODULES} <= sources
    for env in ("dev", "prod"):
        stack = names(load_dir(ENVS / env), "module")["stack"]
        assert attr(stack, "source") == "../../modules/stack"
        assert "aws.us_east_1" in str(attr(stack, "providers"))
        backend = (ENVS / env / "backend.tf").read_text()
        assert '#   backend "s3"' in backend and "dynamodb_table" in backend, "commented S3 backend example"
        assert not re.search(r'^\s*backend\s+"s3"', backend, flags=re.M), "the example must stay commented"
        assert f"cloud-chat/{env}/terraform.tfstate" in backend


def stage_value(env: str, name: str) -> str:
    """What envs/<env>/main.tf gives the stack for ``name`` when no override is set (variables default to null)."""
    variable = names(load_dir(ENVS / env), "variable")[name]
    assert "default" in variable and attr(variable, "default") is None, f"{name}: override must default to null"
    value = str(attr(names(load_dir(ENVS / env), "module")["stack"], name))
    match = re.fullmatch(rf"\$\{{coalesce\(var\.{name},\s*(.+)\)\}}", value)
    assert match, f"{env}: {name} = {value}"
    return match.group(1).lower()  # python-hcl2 renders HCL true as True


def test_prod_is_protected() -> None:
    assert stage_value("prod", "deletion_protection") == "true"
    assert stage_value("prod", "force_destroy_buckets") == "false"
    assert stage_value("dev", "deletion_protection") == "false"


def test_stage_names() -> None:
    for env in ("dev", "prod"):
        locals_ = [item for item in load_dir(ENVS / env).get("locals", []) if "stage" in item]
        assert attr(locals_[0], "stage").replace(" ", "") == f'${{coalesce(var.stage,"{env}")}}'
        assert attr(names(load_dir(ENVS / env), "module")["stack"], "stage") == "${local.stage}"


def test_terraform_pins_current_versions() -> None:
    for versions in TERRAFORM.rglob("versions.tf"):
        text = versions.read_text()
        assert re.search(r'version\s+= ">= 5\.100\.0, < 6\.0\.0"', text), versions
        assert 'required_version = ">= 1.5.0"' in text, versions
