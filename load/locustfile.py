"""Locust scenarios for Cloud Chat: WebSocket send→ack, fan-out delivery, and REST history.

Two user classes share one room (``CLOUDCHAT_ROOM``):

* ``ChatterUser`` sends messages over the WebSocket and times ``sendMessage→ack``; now and then it
  pings (``ping→pong``) and pages the room's history over REST.
* ``ListenerUser`` only listens and times ``message→delivered``: every message's content starts with
  ``t=<epoch ms>``, the sender's clock when it sent it (so across machines, clocks must agree).

Each user signs in once, in ``on_start``, as the next account of ``CLOUDCHAT_USERS`` (round-robin);
every account must already be a member of the room. Configuration (see load/README.md):

    CLOUDCHAT_WS       wss://… or ws://127.0.0.1:PORT        (required)
    CLOUDCHAT_REST     https://…/api or http://127.0.0.1:PORT/api (required)
    CLOUDCHAT_CLIENT_ID  Cognito app client id (USER_PASSWORD_AUTH)  (required)
    CLOUDCHAT_ROOM     room id                                (required)
    CLOUDCHAT_USERS    comma-separated usernames               (required)
    CLOUDCHAT_PASSWORD their (shared) password                 (required)
    CLOUDCHAT_COGNITO_ENDPOINT  cognito-idp endpoint_url (moto locally; unset for real Cognito)
    CLOUDCHAT_REGION   AWS region (default us-east-1)
    CLOUDCHAT_POOL_ID  user pool id (used by run_local.py to create accounts, not here)
"""

from __future__ import annotations

import itertools
import json
import os
import time
import uuid
from contextlib import ExitStack, suppress
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import boto3
import gevent
from gevent.event import AsyncResult
from locust import User, between, events, task
from locust.clients import HttpSession
from locust.env import Environment
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

ACK_TIMEOUT = float(os.environ.get("CLOUDCHAT_ACK_TIMEOUT", "10"))


@dataclass(frozen=True)
class Config:
    ws: str
    rest: str
    client_id: str
    room: str
    users: tuple[str, ...]
    password: str
    cognito_endpoint: str | None
    region: str

    @classmethod
    def from_env(cls) -> Config:
        def need(name: str) -> str:
            value = os.environ.get(name, "").strip()
            if not value:
                raise RuntimeError(f"{name} is not set (see load/README.md)")
            return value

        users = tuple(u.strip() for u in need("CLOUDCHAT_USERS").split(",") if u.strip())
        return cls(
            ws=need("CLOUDCHAT_WS").rstrip("/"),
            rest=need("CLOUDCHAT_REST").rstrip("/"),
            client_id=need("CLOUDCHAT_CLIENT_ID"),
            room=need("CLOUDCHAT_ROOM"),
            users=users,
            password=need("CLOUDCHAT_PASSWORD"),
            cognito_endpoint=os.environ.get("CLOUDCHAT_COGNITO_ENDPOINT") or None,
            region=os.environ.get("CLOUDCHAT_REGION") or os.environ.get("AWS_REGION") or "us-east-1",
        )


_config: Config | None = None
_accounts = itertools.count()  # greenlets share one process: a plain counter is race-free


def config() -> Config:
    global _config
    if _config is None:
        _config = Config.from_env()
    return _config


@events.init.add_listener
def _check_config(environment: Environment, **_: Any) -> None:
    config()  # fail at start-up, not in every user's on_start


def now_ms() -> float:
    return time.time() * 1000


def stamped_content(note: str) -> str:
    return f"t={now_ms():.3f} {note}"


def sent_at(content: str) -> float | None:
    """The ``t=<epoch ms>`` stamp a load user put at the front of a message, if any."""
    if not content.startswith("t="):
        return None
    try:
        return float(content[2:].split(" ", 1)[0])
    except ValueError:
        return None


class ChatUser(User):
    """One signed-in account with one WebSocket; a reader greenlet dispatches everything it receives."""

    abstract = True
    measure_delivery = False

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        self.cfg = config()
        self.username = ""
        self.token = ""
        self.ws: ClientConnection | None = None
        self.sockets = ExitStack()  # owns the open WebSocket (websockets 17 wants connect() as a context)
        self.reader: gevent.Greenlet | None = None
        self.pending: dict[str, AsyncResult] = {}
        self.pong: AsyncResult | None = None
        self.rest = HttpSession(self.cfg.rest, request_event=environment.events.request, user=self)

    # -- reporting ---------------------------------------------------------------------------
    def report(self, request_type: str, name: str, started: float, length: int = 0,
               exception: BaseException | None = None) -> None:
        self.environment.events.request.fire(
            request_type=request_type, name=name, response_time=now_ms() - started,
            response_length=length, exception=exception, context={"user": self.username},
        )

    # -- lifecycle ---------------------------------------------------------------------------
    def on_start(self) -> None:
        self.username = self.cfg.users[next(_accounts) % len(self.cfg.users)]
        started = now_ms()
        try:
            cognito = boto3.client("cognito-idp", region_name=self.cfg.region,
                                   endpoint_url=self.cfg.cognito_endpoint)
            result = cognito.initiate_auth(
                ClientId=self.cfg.client_id, AuthFlow="USER_PASSWORD_AUTH",
                AuthParameters={"USERNAME": self.username, "PASSWORD": self.cfg.password},
            )["AuthenticationResult"]
            self.token = result["IdToken"]
        except Exception as exc:
            self.report("AUTH", "cognito InitiateAuth", started, exception=exc)
            raise
        self.report("AUTH", "cognito InitiateAuth", started, len(self.token))
        self.rest.headers["Authorization"] = f"Bearer {self.token}"
        self.open_socket()

    def on_stop(self) -> None:
        self.sockets.close()
        if self.reader is not None:
            self.reader.join(timeout=5)

    def open_socket(self) -> None:
        self.sockets.close()  # a dropped socket, if any
        self.sockets = ExitStack()
        started = now_ms()
        try:  # a one-time ticket per socket: $connect takes no token (docs/protocol.md, "Connecting")
            ticket = self.rest.post("/realtime/ticket", name="/realtime/ticket").json()["ticket"]
            self.ws = self.sockets.enter_context(
                connect(f"{self.cfg.ws}/?ticket={quote(ticket, safe='')}", open_timeout=10, max_queue=None))
        except Exception as exc:
            self.ws = None
            self.report("WS", "connect", started, exception=exc)
            return
        self.report("WS", "connect", started)
        self.reader = gevent.spawn(self.read_loop, self.ws)

    # -- receiving ---------------------------------------------------------------------------
    def read_loop(self, ws: ClientConnection) -> None:
        try:
            for raw in ws:
                received = now_ms()
                try:
                    frame: dict[str, Any] = json.loads(raw)
                except ValueError:
                    continue
                self.dispatch(frame, received, len(raw))
        except ConnectionClosed:
            pass
        finally:
            closed = ConnectionError("WebSocket closed")
            for waiter in list(self.pending.values()) + ([self.pong] if self.pong else []):
                waiter.set_exception(closed)

    def dispatch(self, frame: dict[str, Any], received: float, length: int) -> None:
        event = frame.get("event")
        if event in ("messageAck", "error") and frame.get("clientMsgId") in self.pending:
            self.pending[frame["clientMsgId"]].set((frame, length))
        elif event == "pong" and self.pong is not None:
            self.pong.set((frame, length))
        elif event == "message" and self.measure_delivery:
            stamp = sent_at(str(frame.get("message", {}).get("content", "")))
            if stamp is not None:
                self.environment.events.request.fire(
                    request_type="WS", name="message→delivered", response_time=max(0.0, received - stamp),
                    response_length=length, exception=None, context={"user": self.username},
                )
        elif event == "error":
            self.environment.events.request.fire(
                request_type="WS", name="error (unsolicited)", response_time=0, response_length=length,
                exception=RuntimeError(json.dumps(frame.get("error"))), context={"user": self.username},
            )

    def live_socket(self) -> ClientConnection:
        if self.ws is None or self.reader is None or self.reader.dead:
            self.open_socket()
        if self.ws is None:
            raise ConnectionError("no WebSocket")
        return self.ws

    # -- sending -----------------------------------------------------------------------------
    def send_message(self) -> None:
        client_msg_id = f"load-{uuid.uuid4().hex}"
        waiter = self.pending[client_msg_id] = AsyncResult()
        started = now_ms()
        try:
            self.live_socket().send(json.dumps({
                "action": "sendMessage", "roomId": self.cfg.room, "type": "text", "clientMsgId": client_msg_id,
                "content": stamped_content(f"from {self.username}"),
            }))
            frame, length = waiter.get(timeout=ACK_TIMEOUT)
            if frame.get("event") == "error":
                raise RuntimeError(f"{frame['error'].get('code')}: {frame['error'].get('message')}")
            if frame.get("duplicate") or "seq" not in frame.get("message", {}):
                raise RuntimeError(f"unexpected ack: {frame}")
        except Exception as exc:
            self.report("WS", "sendMessage→ack", started, exception=exc)
        else:
            self.report("WS", "sendMessage→ack", started, length)
        finally:
            self.pending.pop(client_msg_id, None)

    def ping(self) -> None:
        self.pong = AsyncResult()
        started = now_ms()
        try:
            self.live_socket().send(json.dumps({"action": "ping"}))
            _, length = self.pong.get(timeout=ACK_TIMEOUT)
        except Exception as exc:
            self.report("WS", "ping→pong", started, exception=exc)
        else:
            self.report("WS", "ping→pong", started, length)
        finally:
            self.pong = None


class ChatterUser(ChatUser):
    """Talks: sends stamped messages, pings, and reads back history now and then."""

    weight = 3
    wait_time = between(0.5, 1.5)

    @task(10)
    def send(self) -> None:
        self.send_message()

    @task(2)
    def history(self) -> None:
        with self.rest.get(f"/rooms/{self.cfg.room}/messages", params={"limit": 50},
                           name="/rooms/{id}/messages?limit=50", catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}: {response.text[:200]}")
            elif not isinstance(response.json().get("messages"), list):
                response.failure("no messages list in the body")

    @task(1)
    def keepalive(self) -> None:
        self.ping()


class ListenerUser(ChatUser):
    """Listens: its reader greenlet times every stamped message it is delivered."""

    weight = 1
    measure_delivery = True
    wait_time = between(5, 10)

    @task
    def idle(self) -> None:
        with suppress(ConnectionError):  # a failed reconnect is already reported as "connect"
            self.live_socket()  # reconnect if the socket dropped; the reader does the measuring
