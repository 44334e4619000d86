"""The local stack's EventBridge stand-in: every scheduled handler runs on each tick with a
"Scheduled Event", a failing one is logged and tried again, and unknown handlers are refused."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from local.schedules import Schedules, scheduled_event


def test_the_event_is_eventbridges_scheduled_event() -> None:
    event = scheduled_event("sweep_retention", "eu-west-1")
    assert event["detail-type"] == "Scheduled Event" and event["source"] == "aws.events"
    assert event["resources"] == ["arn:aws:events:eu-west-1:000000000000:rule/sweep_retention"]
    assert event["detail"] == {} and event["region"] == "eu-west-1" and event["time"].endswith("Z")


def test_every_handler_runs_each_tick_and_a_failure_stops_nothing(caplog: pytest.LogCaptureFixture) -> None:
    calls: list[str] = []

    async def invoke(handler: str, event: dict[str, Any]) -> None:
        calls.append(handler)
        if handler == "broken":
            raise RuntimeError("boom")

    async def scenario() -> None:
        timer = asyncio.create_task(Schedules(["broken", "sweep"], "us-east-1", 0.01, invoke).run())
        while calls.count("sweep") < 3:
            await asyncio.sleep(0.005)
        assert not timer.done()
        timer.cancel()

    asyncio.run(asyncio.wait_for(scenario(), 5))
    assert calls[:4] == ["broken", "sweep", "broken", "sweep"]
    assert "scheduled handler broken failed" in caplog.text


def test_run_now_refuses_a_handler_the_app_does_not_have() -> None:
    async def invoke(handler: str, event: dict[str, Any]) -> None:
        raise AssertionError("not invoked")

    with pytest.raises(KeyError):
        asyncio.run(Schedules(["sweep"], "us-east-1", 60, invoke).run_now("other"))
