"""User profiles, created from the token the first time a user shows up."""

from __future__ import annotations

from typing import Any

from cachetools import TTLCache
from pynamodb.exceptions import DoesNotExist

from chalicelib.auth import Principal
from chalicelib.errors import NotFound
from chalicelib.models import User


class Users:
    def __init__(self) -> None:
        self._known: TTLCache[str, bool] = TTLCache(maxsize=10_000, ttl=3600)

    def ensure(self, principal: Principal) -> None:
        """Upsert the profile once per container and hour, not on every request."""
        if principal.user_id in self._known:
            return
        User(principal.user_id, username=principal.username, email=principal.email).save()
        self._known[principal.user_id] = True

    def get(self, user_id: str) -> User:
        try:
            return User.get(user_id)
        except DoesNotExist as exc:
            raise NotFound(f"User {user_id} not found", code="user_not_found") from exc

    @staticmethod
    def me(principal: Principal) -> dict[str, Any]:
        return {"userId": principal.user_id, "username": principal.username, "email": principal.email,
                "roles": list(principal.roles)}
