"""Alarms and dashboard cover the app's metrics (namespace CloudChat) and the AWS-native signals."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from infra_hcl import APP_SOURCES, attr, blocks, locals_of, resources

NAMESPACE = "CloudChat"
MUST_ALARM = {"FanoutFailures", "FanoutLatencyMs"}


def emitted() -> set[str]:
    """Metric names the app records (Powertools ``add_metric(name=...)``) anywhere in its source."""
    found: set[str] = set()
    for source in APP_SOURCES:
        found |= set(re.findall(r"""add_metric\(\s*name=["'](\w+)["']""", source.read_text()))
    return found


def test_the_app_emits_metrics_in_the_alarmed_namespace() -> None:
    telemetry = next(s for s in APP_SOURCES if s.name == "telemetry.py").read_text()
    assert f'NAMESPACE = "{NAMESPACE}"' in telemetry
    assert emitted() >= MUST_ALARM, sorted(MUST_ALARM - emitted())


def test_alarm_dimensions_match_what_the_app_attaches() -> None:
    """EMF alarms match only the exact dimension set: Powertools adds ``service``."""
    telemetry = next(s for s in APP_SOURCES if s.name == "telemetry.py").read_text()
    match = re.search(r"""service=["']([\w-]+)["']""", telemetry)
    assert match, "telemetry.py no longer names its service"
    variables = (Path(__file__).resolve().parents[2] / "terraform/modules/observability/variables.tf").read_text()
    assert re.search(r'default\s*=\s*\{\s*service\s*=\s*"' + re.escape(match.group(1)) + '"', variables)


EACH_VALUE = re.compile(r"^\$\{each\.value\.(\w+)\}$")


def alarms(module_hcl: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every alarm resource by name. A resource whose for_each runs over a local map of alarm
    definitions (e.g. local.metric_alarms) stands for one body per entry, keyed like the entry, with
    ``each.value.<field>`` resolved from the entry (and from flat locals merged in, like alarm_common)."""
    defined = locals_of(module_hcl["observability"])
    found: dict[str, dict[str, Any]] = {}
    for name, body in resources(module_hcl["observability"], "aws_cloudwatch_metric_alarm").items():
        referenced = [defined[n] for n in re.findall(r"\blocal\.(\w+)", str(attr(body, "for_each", "")))
                      if isinstance(defined.get(n), dict)]
        tables = [r for r in referenced if r and all(isinstance(v, dict) for v in r.values())]
        if not tables:
            found[name] = body
            continue
        defaults = {k: v for r in referenced if r not in tables for k, v in r.items()}
        for key, entry in tables[0].items():
            values = {**defaults, **entry}
            resolved = {}
            for field in body:
                match = EACH_VALUE.match(str(attr(body, field)))
                resolved[field] = values[match.group(1)] if match and match.group(1) in values else body[field]
            found[key] = resolved
    return found


def alarmed_metrics(module_hcl: dict[str, Any]) -> set[tuple[str, str]]:
    pairs = set()
    for body in alarms(module_hcl).values():
        if "metric_name" in body:
            pairs.add((attr(body, "namespace"), attr(body, "metric_name")))
        for query in blocks(body, "metric_query"):
            for metric in blocks(query, "metric"):
                pairs.add((attr(metric, "namespace"), attr(metric, "metric_name")))
    return pairs


def test_dashboard_shows_every_metric_the_app_emits(module_hcl: dict[str, Any]) -> None:
    on_dashboard = set(locals_of(module_hcl["observability"])["app_metrics"])
    assert emitted() <= on_dashboard, sorted(emitted() - on_dashboard)


@pytest.mark.parametrize("metric", sorted(MUST_ALARM))
def test_fanout_metrics_have_alarms(module_hcl: dict[str, Any], metric: str) -> None:
    assert ("${var.app_metric_namespace}", metric) in alarmed_metrics(module_hcl)


def test_failure_and_latency_metrics_from_code_have_alarms(module_hcl: dict[str, Any]) -> None:
    risky = {m for m in emitted() if re.search(r"Fail|Error|Latency", m)}
    have = {m for ns, m in alarmed_metrics(module_hcl) if ns == "${var.app_metric_namespace}"}
    assert risky <= have, sorted(risky - have)


@pytest.mark.parametrize(("namespace", "metric"), [
    ("AWS/ApiGateway", "5XXError"),
    ("AWS/ApiGateway", "Latency"),
    ("AWS/Lambda", "Errors"),
    ("AWS/Lambda", "Throttles"),
    ("AWS/DynamoDB", "ReadThrottleEvents"),
    ("AWS/DynamoDB", "WriteThrottleEvents"),
    ("AWS/ApiGateway", "ConnectCount"),
])
def test_aws_native_alarms(module_hcl: dict[str, Any], namespace: str, metric: str) -> None:
    assert (namespace, metric) in alarmed_metrics(module_hcl)


def test_p99_latency_alarms_use_p99(module_hcl: dict[str, Any]) -> None:
    found = alarms(module_hcl)
    assert attr(found["rest_p99_latency"], "extended_statistic") == "p99"
    assert attr(found["fanout_latency"], "extended_statistic") == "p99"


def test_every_alarm_notifies_the_alarm_topic(module_hcl: dict[str, Any]) -> None:
    for name, body in alarms(module_hcl).items():
        assert attr(body, "alarm_actions") == "${local.alarm_topic}", name


def test_backend_logs_have_retention_and_tracing(module_hcl: dict[str, Any]) -> None:
    groups = resources(module_hcl["backend"], "aws_cloudwatch_log_group")
    assert {"function", "rest_access", "ws_access"} <= set(groups)
    for name, body in groups.items():
        assert attr(body, "retention_in_days") == "${var.log_retention_days}", name
    stage = resources(module_hcl["backend"], "aws_api_gateway_stage")["this"]
    assert attr(stage, "xray_tracing_enabled") is True
