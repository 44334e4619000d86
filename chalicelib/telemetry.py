"""Application metrics in CloudWatch embedded metric format (EMF), via Powertools.

Lambda writes EMF lines to stdout and CloudWatch turns them into metrics in the
``CloudChat`` namespace, with no PutMetricData calls on the hot path. The names below are
the ones the Terraform dashboard and alarms use (terraform/modules/observability).
"""

from __future__ import annotations

from aws_lambda_powertools import Metrics
from aws_lambda_powertools.metrics import MetricUnit, single_metric

from chalicelib.fanout import FanoutResult

NAMESPACE = "CloudChat"
METRICS = Metrics(namespace=NAMESPACE, service="cloud-chat")


def message_sent() -> None:
    METRICS.add_metric(name="MessagesSent", unit=MetricUnit.Count, value=1)


def connection_opened() -> None:
    METRICS.add_metric(name="ConnectionsOpened", unit=MetricUnit.Count, value=1)


def fanout(result: FanoutResult, elapsed_ms: float) -> None:
    METRICS.add_metric(name="FanoutDeliveries", unit=MetricUnit.Count, value=result.delivered)
    METRICS.add_metric(name="FanoutGone", unit=MetricUnit.Count, value=len(result.gone))
    METRICS.add_metric(name="FanoutFailures", unit=MetricUnit.Count, value=result.failed)
    METRICS.add_metric(name="FanoutLatencyMs", unit=MetricUnit.Milliseconds, value=elapsed_ms)


def rate_limited(policy: str) -> None:
    """A request refused by a rate limit; its own EMF line, as only this metric has the ``policy`` dimension."""
    with single_metric(name="RateLimited", unit=MetricUnit.Count, value=1, namespace=NAMESPACE,
                       default_dimensions={"service": "cloud-chat", "policy": policy}):
        pass


def rate_limiter_degraded() -> None:
    """A hit the limiter let through unchecked because its backend failed (it fails open)."""
    METRICS.add_metric(name="RateLimiterDegraded", unit=MetricUnit.Count, value=1)


def flush() -> None:
    """Write what this invocation recorded (called once per Lambda event)."""
    if METRICS.metric_set:
        METRICS.flush_metrics()
