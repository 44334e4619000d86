"""Rate limiting: the Lua script against a real redis-server, the DynamoDB backend against moto,
and the limiter failing open (log + metric) when Redis dies, then recovering."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import boto3
import pytest
import redis
from moto_tables import moto_tables

from chalicelib import telemetry
from chalicelib.config import Settings
from chalicelib.ratelimit import limiter as limiter_module
from chalicelib.ratelimit.dynamodb_backend import DynamoDBBackend
from chalicelib.ratelimit.limiter import Limiter, build_limiter
from chalicelib.ratelimit.policy import Policy, policies_from_env
from chalicelib.ratelimit.redis_backend import RedisBackend
from local import redis_server

NO_REDIS = "redis-server is not installed (.ci/run installs it)"

SETTINGS = Settings.from_env({"TABLE_PREFIX": "cloudchat-unit-", "AWS_REGION": "us-east-1"})


@pytest.fixture(scope="module")
def server() -> Iterator[redis_server.RedisServer]:
    if not redis_server.available():
        pytest.skip(NO_REDIS)
    running = redis_server.start()
    yield running
    running.stop()


@pytest.fixture
def backend(server: redis_server.RedisServer) -> RedisBackend:
    return RedisBackend.from_url(server.url, password=None, timeout_seconds=1.0)


def fresh(spec: str) -> Policy:
    """A policy under a name no other test uses, so buckets never carry over."""
    return Policy.parse(f"p{time.monotonic_ns()}", spec)


# -- policies --------------------------------------------------------------------------------
@pytest.mark.parametrize(("spec", "expected"), [
    ("100/900", (100, 900, 100)),
    ("10/1/20", (10, 1, 20)),
    (" 5 / 60 / 7 ", (5, 60, 7)),
])
def test_policy_specs_parse(spec: str, expected: tuple[int, int, int]) -> None:
    policy = Policy.parse("x", spec)
    assert (policy.limit, policy.window, policy.burst) == expected


@pytest.mark.parametrize("spec", ["", "100", "100/", "a/b", "0/60", "10/0", "10/1/0", "-1/5", "1/2/3/4"])
def test_bad_policy_specs_are_refused_at_start_up(spec: str) -> None:
    with pytest.raises(ValueError, match=r"RATE_LIMIT_X=.*(expected|at least)"):
        Policy.parse("x", spec)


def test_defaults_and_overrides_come_from_the_environment() -> None:
    policies = policies_from_env({"RATE_LIMIT_WS_USER": "5/1/8"})
    assert (policies["rest_user"].limit, policies["rest_user"].window) == (100, 900)
    assert (policies["ws_user"].limit, policies["ws_user"].burst) == (5, 8)
    assert set(policies) == {"rest_user", "rest_ip", "ws_connection", "ws_user", "ws_connect", "room_create",
                             "invite", "dm"}


def test_backend_choice_is_validated() -> None:
    assert Settings.from_env({}).rate_limit_backend == "dynamodb"
    assert Settings.from_env({"REDIS_URL": "redis://h:6379"}).rate_limit_backend == "redis"
    assert Settings.from_env({"RATE_LIMIT_BACKEND": "off"}).rate_limit_backend == "off"
    with pytest.raises(ValueError, match="RATE_LIMIT_BACKEND"):
        Settings.from_env({"RATE_LIMIT_BACKEND": "memcached"})


# -- Redis (GCRA in Lua) ---------------------------------------------------------------------
def test_redis_trips_exactly_at_request_n_plus_1(backend: RedisBackend) -> None:
    policy = fresh("100/900")
    verdicts = [backend.hit(policy, "u1") for _ in range(101)]
    assert all(v.allowed for v in verdicts[:100])
    assert [v.remaining for v in verdicts[:3]] == [99, 98, 97]
    assert verdicts[99].remaining == 0
    refused = verdicts[100]
    assert not refused.allowed
    assert (refused.limit, refused.remaining) == (100, 0)
    assert refused.retry_after == 9  # one request's worth of the 15 minutes: 900 / 100 s
    assert 899 <= refused.reset_seconds <= 900
    assert backend.hit(policy, "u2").allowed  # keys are separate buckets


def test_redis_burst_then_sustained_rate(backend: RedisBackend) -> None:
    policy = fresh("1/1/5")  # a token a second, 5 at once
    assert [backend.hit(policy, "c").allowed for _ in range(6)] == [True] * 5 + [False]
    time.sleep(1.05)
    assert backend.hit(policy, "c").allowed
    assert not backend.hit(policy, "c").allowed


def test_redis_concurrent_hits_never_share_the_last_token(backend: RedisBackend) -> None:
    policy = fresh("50/3600")
    with ThreadPoolExecutor(max_workers=8) as pool:
        allowed = sum(pool.map(lambda _: backend.hit(policy, "race").allowed, range(200)))
    assert allowed == 50


def test_redis_key_expires_once_the_bucket_is_full_again(server: redis_server.RedisServer,
                                                         backend: RedisBackend) -> None:
    policy = fresh("1/10/2")  # one hit leaves the bucket 10 s short of full
    backend.hit(policy, "k")
    ttl_ms = redis.Redis.from_url(server.url).pttl(f"rl:{policy.name}:k")
    assert 5_000 < ttl_ms <= 10_000


def test_redis_script_survives_a_script_flush(server: redis_server.RedisServer, backend: RedisBackend) -> None:
    policy = fresh("3/60")
    backend.hit(policy, "k")
    redis.Redis.from_url(server.url).script_flush()  # as after a Redis restart or failover: NOSCRIPT
    assert [backend.hit(policy, "k").allowed for _ in range(3)] == [True, True, False]


# -- the limiter fails open ------------------------------------------------------------------
def degraded_count() -> int:
    metrics = telemetry.METRICS.metric_set.get("RateLimiterDegraded")
    return len(metrics["Value"]) if metrics else 0


@pytest.mark.skipif(not redis_server.available(), reason=NO_REDIS)
def test_limiter_fails_open_logs_and_counts_then_recovers(caplog: pytest.LogCaptureFixture,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limiter_module, "COOLDOWN_SECONDS", 0.2)
    own = redis_server.start()
    limiter = Limiter(RedisBackend.from_url(own.url, password=None, timeout_seconds=0.1))
    policy = fresh("2/3600")
    telemetry.METRICS.clear_metrics()
    try:
        assert limiter.hit(policy, "u").allowed
        own.stop()
        with caplog.at_level(logging.WARNING, logger="chalicelib.ratelimit.limiter"):
            started = time.monotonic()
            verdicts = [limiter.hit(policy, "u") for _ in range(20)]
            elapsed = time.monotonic() - started
        assert all(v.allowed for v in verdicts)  # open, not closed: nobody is blocked
        assert elapsed < 2.0  # a dead Redis costs one short timeout, then the limiter rests
        warnings = [r for r in caplog.records if "rate limiter degraded" in r.getMessage()]
        assert len(warnings) == 1  # logged once, not per request
        assert degraded_count() == 20
        own = redis_server.start(port=own.port)  # back, empty (no persistence)
        time.sleep(0.25)
        assert [limiter.hit(policy, "u").allowed for _ in range(3)] == [True, True, False]
    finally:
        own.stop()
        telemetry.METRICS.clear_metrics()


def test_a_refusal_is_counted_per_policy(backend: RedisBackend, capsys: pytest.CaptureFixture[str]) -> None:
    policy = fresh("1/3600")
    limiter = Limiter(backend)
    limiter.hit(policy, "u")
    assert not limiter.hit(policy, "u").allowed
    emf = json.loads(capsys.readouterr().out)
    assert emf["_aws"]["CloudWatchMetrics"][0]["Metrics"] == [{"Name": "RateLimited", "Unit": "Count"}]
    assert (emf["policy"], emf["RateLimited"]) == (policy.name, [1.0])


def test_off_counts_nothing() -> None:
    limiter = build_limiter(Settings.from_env({"RATE_LIMIT_BACKEND": "off"}))
    policy = fresh("1/3600")
    assert all(limiter.hit(policy, "u").allowed for _ in range(5))


# -- DynamoDB (fixed windows, conditional ADD) ------------------------------------------------
@pytest.fixture(scope="module")
def dynamodb() -> Iterator[None]:
    with moto_tables(SETTINGS):
        yield


def test_dynamodb_trips_exactly_at_request_n_plus_1_and_resets_with_the_window(dynamodb: None) -> None:
    now = [1_000_000.0]
    backend = DynamoDBBackend(clock=lambda: now[0])
    policy = fresh("10/1/20")  # windows of 2 s admitting 20
    verdicts = [backend.hit(policy, "c") for _ in range(21)]
    assert all(v.allowed for v in verdicts[:20]) and not verdicts[20].allowed
    assert [v.remaining for v in verdicts[:2]] == [19, 18]
    assert (verdicts[20].limit, verdicts[20].remaining, verdicts[20].retry_after) == (20, 0, 2)
    now[0] += 2.0
    assert backend.hit(policy, "c").allowed


def test_dynamodb_counter_expires_by_ttl(dynamodb: None) -> None:
    backend = DynamoDBBackend(clock=lambda: 7200.5)
    policy = fresh("20/3600")
    backend.hit(policy, "u")
    item = boto3.client("dynamodb", region_name=SETTINGS.region).get_item(
        TableName=SETTINGS.table_name("RateLimits"), Key={"key": {"S": f"{policy.name}#u#2"}})["Item"]
    assert item["hits"] == {"N": "1"}
    assert int(item["expiresAt"]["N"]) == 3 * 3600 + 60
