"""Tickets and the expiry sweep against moto in-process: single use, bounded life, revocation,
and the sweep closing exactly the sockets whose token has expired (found through the index)."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, cast

import pytest
from botocore.exceptions import ClientError
from botocore.stub import Stubber
from moto_tables import moto_tables

from chalicelib.auth import INVALID_CREDENTIALS, Principal
from chalicelib.config import Settings
from chalicelib.connections import ConnectionRegistry
from chalicelib.errors import NotFound, Unauthorized, ValidationFailed
from chalicelib.gateway import ManagementApi
from chalicelib.models import Connection, Ticket, User
from chalicelib.schemas import Logout
from chalicelib.sessions import Sessions
from chalicelib.tickets import Tickets

SETTINGS = Settings.from_env({"TABLE_PREFIX": "cloudchat-sessions-", "AWS_REGION": "us-east-1"})


@dataclass
class FakeGateway:
    """``@connections`` DELETE: the connections still open answer True once, others 410 (False)."""

    open: set[str] = field(default_factory=set)
    closed: list[str] = field(default_factory=list)

    def close(self, connection_id: str) -> bool:
        self.closed.append(connection_id)
        if connection_id in self.open:
            self.open.discard(connection_id)
            return True
        return False


@pytest.fixture(scope="module")
def moto() -> Iterator[None]:
    with moto_tables(SETTINGS):
        yield


@pytest.fixture
def tables(moto: None) -> None:
    """Empty Connections and Tickets (the sweep sees every row), and alice's fresh profile."""
    for model in (Connection, Ticket):
        with model.batch_write() as batch:
            for row in model.scan():
                batch.delete(row)
    User("u-1", username="alice").save()


def caller(exp_in: int = 3600, iat_ago: int = 10, user_id: str = "u-1") -> Principal:
    now = int(time.time())
    return Principal(user_id=user_id, username="alice", email=None, roles=("moderator",), expires_at=now + exp_in,
                     issued_at=now - iat_ago)


def refused(call: Any, *args: Any) -> None:
    with pytest.raises(Unauthorized) as info:
        call(*args)
    assert (info.value.code, info.value.message) == ("unauthorized", INVALID_CREDENTIALS)


def test_a_ticket_redeems_once_to_the_principal_it_was_issued_to(tables: None) -> None:
    tickets = Tickets(60)
    principal = caller()
    issued = tickets.issue(principal)
    assert issued["expiresIn"] == 60 and len(issued["ticket"]) >= 43  # 32 random bytes
    row = Ticket.get(hashlib.sha256(issued["ticket"].encode()).hexdigest())
    assert row.valid_until - time.time() <= 60
    assert tickets.redeem(issued["ticket"]) == Principal("u-1", "alice", None, ("moderator",),
                                                         expires_at=principal.expires_at)
    refused(tickets.redeem, issued["ticket"])  # replay


@pytest.mark.parametrize("value", [None, "", "unknown", "x" * 200])
def test_an_unknown_ticket_is_refused(tables: None, value: str | None) -> None:
    refused(Tickets(60).redeem, value)


def test_an_outlived_ticket_is_refused_even_before_ttl_deletes_it(tables: None) -> None:
    tickets = Tickets(1)
    value = tickets.issue(caller())["ticket"]
    time.sleep(1.1)
    refused(tickets.redeem, value)


def test_no_ticket_for_an_expired_token_or_one_issued_before_a_revocation(tables: None) -> None:
    tickets = Tickets(60)
    refused(tickets.issue, caller(exp_in=-1))
    tickets.issue(caller(iat_ago=10))
    Tickets.revoke("u-1")
    refused(tickets.issue, caller(iat_ago=10))
    refused(tickets.issue, caller(iat_ago=0))  # the revocation's own second counts as before
    assert tickets.issue(caller(iat_ago=-1))["ticket"]  # signed in again afterwards


def test_the_sweep_closes_only_sockets_whose_token_expired(tables: None) -> None:
    registry = ConnectionRegistry(max_per_user=100)
    for cid, exp_in in [("expired-1", -30), ("expired-2", -1), ("valid", 600)]:
        registry.register(cid, caller(exp_in=exp_in))
    Connection("no-exp", user_id="u-2", username="bob").save()  # a row from before tokenExp existed
    gateway = FakeGateway(open={"expired-1", "valid"})  # expired-2's socket is already gone
    sessions = Sessions(registry, cast(ManagementApi, gateway), Tickets(60), SETTINGS.region, "pool", "client")
    assert sessions.sweep() == 1
    assert sorted(gateway.closed) == ["expired-1", "expired-2"]
    assert Connection.count("expired-2") == 0  # gone without a $disconnect to come: its rows are dropped here
    assert Connection.count("expired-1") == 1  # closed: its $disconnect forgets it
    assert sessions.sweep(now=time.time() + 3600) == 1  # later, the valid one has expired too
    assert gateway.closed[-1] == "valid"


def test_the_expiry_index_spreads_connections_over_shards(tables: None) -> None:
    registry = ConnectionRegistry(max_per_user=100)
    for n in range(40):
        registry.register(f"c-{n}", caller(exp_in=-1))
    shards = {row.sweep_shard for row in Connection.scan()}
    assert len(shards) > 1
    assert sorted(registry.token_expired(int(time.time()))) == sorted(f"c-{n}" for n in range(40))


def stubbed_sessions() -> tuple[Sessions, Stubber]:
    sessions = Sessions(ConnectionRegistry(max_per_user=100), cast(ManagementApi, FakeGateway()), Tickets(60),
                        SETTINGS.region, "us-east-1_pool", "client-1")
    stubber = Stubber(sessions.cognito)
    stubber.activate()
    return sessions, stubber


@pytest.mark.parametrize("code", ["UnauthorizedException", "UnsupportedTokenTypeException"])
def test_a_refresh_token_cognito_refuses_is_a_400_and_closes_nothing(tables: None, code: str) -> None:
    sessions, stubber = stubbed_sessions()
    stubber.add_client_error("revoke_token", service_error_code=code, http_status_code=400,
                             expected_params={"Token": "not-ours", "ClientId": "client-1"})
    with pytest.raises(ValidationFailed) as info:
        sessions.logout(caller(), Logout.model_validate({"refreshToken": "not-ours", "everywhere": True}))
    assert (info.value.status, info.value.code) == (400, "invalid_refresh_token")
    stubber.assert_no_pending_responses()  # no global sign-out after the refusal


def test_a_user_cognito_does_not_know_is_a_404(tables: None) -> None:
    sessions, stubber = stubbed_sessions()
    stubber.add_client_error("admin_disable_user", service_error_code="UserNotFoundException", http_status_code=400,
                             expected_params={"UserPoolId": "us-east-1_pool", "Username": "ghost"})
    with pytest.raises(NotFound) as info:
        sessions.admin("admin_disable_user", "ghost")
    assert info.value.code == "user_not_found"


def test_other_cognito_failures_are_not_disguised(tables: None) -> None:
    sessions, stubber = stubbed_sessions()
    stubber.add_client_error("admin_enable_user", service_error_code="TooManyRequestsException", http_status_code=400)
    with pytest.raises(ClientError):
        sessions.admin("admin_enable_user", "alice")
