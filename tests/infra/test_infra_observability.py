"""Alarms and dashboard cover the app's metrics (namespace CloudChat) and the AWS-native signals."""

from __future__ import annotations

import re
from typing import Any

import pytest
from infra_hcl import APP_SOURCES, attr, blocks, locals_of, resources

NAMESPACE = "CloudChat"
# The metric names the app emits in CloudWatch embedded metric format (EMF).
DOCUMENTED = {
    "MessagesSent", "FanoutDeliveries", "FanoutGone", "FanoutFailures", "FanoutLatencyMs", "ConnectionsOpened",
}
MUST_ALARM = {"FanoutFailures", "FanoutLatencyMs"}


def metrics_in_code() -> set[str]:
    """Metric names in any source that emits EMF / PutMetricData under the CloudChat namespace."""
    found: set[str] = set()
    for source in APP_SOURCES:
        text = source.read_text()
        if NAMESPACE not in text or not re.search(r"CloudWatchMetrics|put_metric_data|_aws|emf", text, re.I):
            continue
        found |= {m for m in re.findall(r"""["']([A-Z][a-z]+(?:[A-Z][a-z]+)+)["']""", text) if m != NAMESPACE}
    return found


def emitted() -> set[str]:
    return DOCUMENTED | metrics_in_code()


def alarms(module_hcl: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return resources(module_hcl["observability"], "aws_cloudwatch_metric_alarm")


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
