"""Module layout, typed/validated variables, READMEs in sync, dev/prod thin roots around modules/stack."""

from __future__ import annotations

import re
from typing import Any

import pytest
from infra_hcl import (
    COMPONENT_MODULES,
    ENVS,
    MODULE_NAMES,
    MODULES,
    ROOT,
    TERRAFORM,
    attr,
    load_dir,
    locals_of,
    names,
)

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


ENV_NAMES = ("dev", "prod")
DEPLOY_SCRIPTS = sorted((ROOT / "scripts").glob("deploy*.sh"))


def stack_call(env: str) -> dict[str, Any]:
    """The arguments of envs/<env>/main.tf's module "stack" call (without source/providers/metadata)."""
    stack = names(load_dir(ENVS / env), "module")["stack"]
    return {k: attr(stack, k) for k in stack if not k.startswith("__") and k not in ("source", "providers")}


def root_variables(env: str) -> dict[str, dict[str, Any]]:
    return names(load_dir(ENVS / env), "variable")


def test_dev_and_prod_are_thin_roots_around_the_stack() -> None:
    """The composition lives once, in modules/stack; each root calls it once with its own values."""
    for name in ("versions.tf", "outputs.tf"):
        assert (ENVS / "dev" / name).read_text() == (ENVS / "prod" / name).read_text(), name
    for env in ENV_NAMES:
        assert list(names(load_dir(ENVS / env), "module")) == ["stack"], env
    stack_vars = names(load_dir(MODULES / "stack"), "variable")
    required = {n for n, body in stack_vars.items() if "default" not in body}
    for env in ENV_NAMES:
        passed = set(stack_call(env))
        assert not passed - set(stack_vars), f"{env} passes unknown stack inputs {sorted(passed - set(stack_vars))}"
        assert not required - passed, f"{env} misses required stack inputs {sorted(required - passed)}"


@pytest.mark.parametrize("env", ENV_NAMES)
def test_root_variables_are_operator_inputs_passed_to_the_stack(env: str) -> None:
    """A root declares only what is supplied from outside, typed, described, not null, and hands each to the stack."""
    variables = root_variables(env)
    assert variables
    stack_vars = set(names(load_dir(MODULES / "stack"), "variable"))
    call = {k: str(v) for k, v in stack_call(env).items()}
    for name, body in variables.items():
        assert "type" in body and attr(body, "description"), f"{env}: {name} untyped or undocumented"
        assert "default" in body and attr(body, "default") is not None, f"{env}: {name} needs a non-null default"
        assert attr(body, "nullable") is False, f"{env}: {name} must be nullable = false"
        assert name in stack_vars, f"{env}: {name} is not a stack input"
        assert f"var.{name}" in call.get(name, ""), f"{env}: var.{name} is not passed to the stack as {name}"
    for name in ("google_oauth", "facebook_oauth", "github_oauth"):
        assert attr(variables[name], "sensitive") is True, f"{env}: {name} must be sensitive"
    # Validated here where the root adds a rule; region, domain_name, ses_identity and alarm_emails
    # are validated by the stack / component modules already.
    for name in ("package_path", "us_east_1_logs_kms_key_arn", "google_oauth", "facebook_oauth", "github_oauth",
                 "extra_web_origins", "hosted_zone_id"):
        assert name not in variables or "validation" in variables[name], f"{env}: no validation on {name}"
    # The stage's own settings are literals in main.tf, not knobs.
    for name in ("stage", "deletion_protection", "force_destroy_buckets", "kms_deletion_window_days",
                 "cognito_advanced_security_mode", "message_retention_days", "log_retention_days"):
        assert name not in variables, f"{env}: {name} is the stage's own value; set it in main.tf"


def externally_supplied() -> dict[str, set[str]]:
    """Variable names passed from outside to every stage: -var / TF_VAR_* in the deploy scripts and workflows,
    TF_VAR_* in docs/deploy.md."""
    found: dict[str, set[str]] = {}
    sources = [*DEPLOY_SCRIPTS, ROOT / "scripts" / "write_chalice_config.py",
               *sorted((ROOT / ".github" / "workflows").glob("*.yml")), ROOT / "docs" / "deploy.md"]
    for path in sources:
        text = path.read_text()
        hits = set(re.findall(r"-var[= ]+[\"']?([a-z0-9_]+)=", text)) | set(re.findall(r"TF_VAR_([a-z0-9_]+)", text))
        for name in hits:
            found.setdefault(name, set()).add(str(path.relative_to(ROOT)))
    return found


def test_every_externally_passed_variable_is_declared() -> None:
    supplied = externally_supplied()
    assert "package_path" in supplied, "scripts/deploy.sh passes -var package_path"
    for env in ENV_NAMES:
        missing = {n: sorted(w) for n, w in supplied.items() if n not in root_variables(env)}
        assert not missing, f"envs/{env} does not declare {missing}"
    # docs/deploy.md's example tfvars file names its stage; every name in it must be declared there.
    text = (ROOT / "docs" / "deploy.md").read_text()
    examples = re.findall(r"terraform/envs/([a-z0-9]+)/terraform\.tfvars`:\n\n```hcl\n(.*?)```", text, flags=re.S)
    assert examples, "docs/deploy.md has a terraform/envs/<stage>/terraform.tfvars example"
    for env, body in examples:
        undeclared = set(re.findall(r"^([a-z0-9_]+)\s*=", body, flags=re.M)) - set(root_variables(env))
        assert not undeclared, f"docs/deploy.md's {env} tfvars example sets undeclared {sorted(undeclared)}"


def test_root_outputs_re_export_the_stack() -> None:
    stack_outputs = names(load_dir(MODULES / "stack"), "output")
    for env in ("dev", "prod"):
        outputs = names(load_dir(ENVS / env), "output")
        assert {n: attr(b, "value") for n, b in outputs.items()} == {n: f"${{module.stack.{n}}}" for n in stack_outputs}


def test_stack_uses_every_module_and_envs_use_remote_state() -> None:
    modules = names(load_dir(MODULES / "stack"), "module")
    sources = {attr(body, "source") for body in modules.values()}
    assert {f"../{m}" for m in COMPONENT_MODULES} <= sources
    for env in ("dev", "prod"):
        stack = names(load_dir(ENVS / env), "module")["stack"]
        assert attr(stack, "source") == "../../modules/stack"
        assert "aws.us_east_1" in str(attr(stack, "providers"))
        (backend,) = [b["s3"] for t in load_dir(ENVS / env).get("terraform", []) for b in t.get("backend", [])]
        settings = {k: attr(backend, k) for k in backend if not k.startswith("__")}
        assert settings == {"use_lockfile": True, "encrypt": True}, "partial S3 backend; deploy_env.sh passes the rest"


def test_prod_is_protected_and_dev_is_disposable() -> None:
    prod, dev = stack_call("prod"), stack_call("dev")
    assert prod["deletion_protection"] is True
    assert prod["force_destroy_buckets"] is False
    assert prod["cognito_advanced_security_mode"] == "ENFORCED"
    assert prod["kms_deletion_window_days"] == 30
    assert prod["extra_web_origins"] == "${var.extra_web_origins}", "no localhost origin in prod"
    assert dev["deletion_protection"] is False
    assert dev["force_destroy_buckets"] is True
    assert "http://localhost:5173" in dev["extra_web_origins"]
    for env, call in (("prod", prod), ("dev", dev)):
        for name in ("message_retention_days", "log_retention_days", "kms_deletion_window_days"):
            assert isinstance(call[name], int), f"{env}: {name} is a literal"
    assert prod["log_retention_days"] >= dev["log_retention_days"]
    assert prod["message_retention_days"] >= dev["message_retention_days"]


def test_stage_names() -> None:
    for env in ENV_NAMES:
        assert locals_of(load_dir(ENVS / env))["stage"] == env
        assert stack_call(env)["stage"] == "${local.stage}"


def test_terraform_pins_current_versions() -> None:
    for versions in TERRAFORM.rglob("versions.tf"):
        text = versions.read_text()
        assert re.search(r'version\s+= ">= 5\.100\.0, < 6\.0\.0"', text), versions
        # The roots' S3 backend locks with use_lockfile (Terraform >= 1.10).
        minimum = "1.10.0" if versions.parent.parent == ENVS else "1.5.0"
        assert f'required_version = ">= {minimum}"' in text, versions


def test_only_the_aws_provider_is_used() -> None:
    """`make infra-validate` inits from a local mirror holding only hashicorp/aws (no downloads)."""
    for tf in TERRAFORM.rglob("*.tf"):
        text = tf.read_text()
        if tf.name == "versions.tf":
            providers = re.findall(r'^\s*(\w+)\s*=\s*\{\s*\n\s*source\s*=\s*"([^"]+)"', text, re.M)
            assert providers and all(p == ("aws", "hashicorp/aws") for p in providers), (tf, providers)
        assert not re.search(r'^\s*(resource|data)\s+"random_', text, re.M), tf


def test_cache_auth_token_is_stable_across_plans() -> None:
    """aws_secretsmanager_random_password yields a new value on each read: only creation may use it."""
    text = (MODULES / "cache" / "main.tf").read_text()
    assert 'data "aws_secretsmanager_random_password" "auth_token"' in text
    group = text.split('resource "aws_elasticache_replication_group" "this"', 1)[1]
    assert re.search(r"ignore_changes\s*=\s*\[\s*auth_token\s*\]", group)
    assert "auth_token = aws_elasticache_replication_group.this.auth_token" in text
