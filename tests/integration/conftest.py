"""The local stack (moto + API Gateway emulator) as a session fixture, and users to drive it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import Api, ChatUser, Tables, aws_env, register_stack, sign_up

from local import bootstrap, process

START_TIMEOUT = 60.0


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if item.path.is_relative_to(here):
            item.add_marker(pytest.mark.integration)


@pytest.fixture(scope="session")
def running_stack() -> Iterator[process.StackProcess]:
    """One retry if the stack exits before READY (e.g. a free port was taken in between)."""
    try:
        running = process.start("--web-dir", "/nonexistent", timeout=START_TIMEOUT)
    except RuntimeError:
        running = process.start("--web-dir", "/nonexistent", timeout=START_TIMEOUT)
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="session")
def stack(running_stack: process.StackProcess) -> dict[str, Any]:
    """The READY line's info: web, rest, ws, moto, region, userPoolId, clientId, password, users, ..."""
    return register_stack(running_stack.info)


@pytest.fixture(autouse=True)
def _stack_still_running(request: pytest.FixtureRequest) -> Iterator[None]:
    """Name the real cause when the stack process has died, instead of a wall of connection errors."""
    running: process.StackProcess = request.getfixturevalue("running_stack")
    if running.process.poll() is not None:
        pytest.fail(f"local stack exited with {running.process.returncode}:\n{''.join(running.log)}")
    yield


@pytest.fixture(scope="session")
def tables(stack: dict[str, Any]) -> Tables:
    return Tables(stack)


def _seeded(info: dict[str, Any], name: str) -> ChatUser:
    with aws_env(info):
        token = bootstrap.sign_in(info["region"], info["clientId"], name, info["password"])["IdToken"]
    return ChatUser(name, info["users"][name], token, Api(info["rest"], token))


@pytest.fixture(scope="session")
def alice(stack: dict[str, Any]) -> ChatUser:
    """Seeded admin."""
    return _seeded(stack, "alice")


@pytest.fixture(scope="session")
def bob(stack: dict[str, Any]) -> ChatUser:
    """Seeded plain user."""
    return _seeded(stack, "bob")


@pytest.fixture(scope="session")
def carol(stack: dict[str, Any]) -> ChatUser:
    """Seeded moderator."""
    return _seeded(stack, "carol")


@pytest.fixture
def new_user(stack: dict[str, Any]) -> Callable[..., ChatUser]:
    """Factory: ``new_user()`` / ``new_user("moderator")`` -> a fresh signed-in user with a profile."""

    def make(role: str = "user") -> ChatUser:
        return sign_up(stack, role)

    return make


@pytest.fixture
def owner(new_user: Callable[..., ChatUser]) -> ChatUser:
    """A fresh user who will own the test's room."""
    return new_user()


@pytest.fixture
def other(new_user: Callable[..., ChatUser]) -> ChatUser:
    """A second fresh user."""
    return new_user()
