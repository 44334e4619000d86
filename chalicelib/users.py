"""User profiles, created from the token the first time a user shows up, and their settings."""

from __future__ import annotations

from typing import Any

from cachetools import TTLCache
from pynamodb.exceptions import DoesNotExist, PutError, UpdateError

from chalicelib import names, protocol
from chalicelib.auth import Principal
from chalicelib.errors import NotFound
from chalicelib.models import User, UsernameClaim, utcnow
from chalicelib.protocol import SettingsWire
from chalicelib.schemas import UserSettings


class Users:
    def __init__(self) -> None:
        self._known: TTLCache[str, bool] = TTLCache(maxsize=10_000, ttl=3600)  # user id -> lookalike

    def ensure(self, principal: Principal) -> None:
        """Upsert the profile once per container and hour, not on every request. It keeps the
        user's global roles, by which moderation ranks them when others act on them, and whether
        their name is a lookalike (one conditional put on the name's skeleton).

        An update, not a put: the user's settings on the row must survive it."""
        if principal.user_id in self._known:
            return
        lookalike = names.mixed_script(principal.username) or not self._claim(principal)
        email = User.email.set(principal.email) if principal.email else User.email.remove()
        roles = User.roles.set(set(principal.roles)) if principal.roles else User.roles.remove()
        try:  # a token from before the user's last revocation (a role change) must not write its old roles back
            User(principal.user_id).update(actions=[
                User.username.set(principal.username), email, roles, User.created_at.set(User.created_at | utcnow()),
                User.lookalike.set(lookalike),
            ], condition=User.tokens_valid_after.does_not_exist() | (User.tokens_valid_after < principal.issued_at))
        except UpdateError as exc:
            if exc.cause_response_code != "ConditionalCheckFailedException":
                raise
        self._known[principal.user_id] = lookalike

    def lookalike(self, user_id: str) -> bool:
        """Whether the user's name is flagged (``ensure`` ran for them, here or in another container)."""
        if user_id not in self._known:
            try:
                self._known[user_id] = bool(User.get(user_id, attributes_to_get=["lookalike"]).lookalike)
            except DoesNotExist:
                return False
        return self._known[user_id]

    @staticmethod
    def _claim(principal: Principal) -> bool:
        """Take the name's skeleton, or find it already ours; False: another user's name reads the same."""
        try:
            UsernameClaim(names.skeleton(principal.username), user_id=principal.user_id,
                          username=principal.username).save(
                condition=UsernameClaim.skeleton.does_not_exist() | (UsernameClaim.user_id == principal.user_id))
        except PutError as exc:
            if exc.cause_response_code != "ConditionalCheckFailedException":
                raise
            return False
        return True

    def get(self, user_id: str) -> User:
        try:
            return User.get(user_id)
        except DoesNotExist as exc:
            raise NotFound(f"User {user_id} not found", code="user_not_found") from exc

    def me(self, principal: Principal) -> dict[str, Any]:
        return {"userId": principal.user_id, "username": principal.username, "email": principal.email,
                "roles": list(principal.roles), "settings": protocol.settings_wire(self.get(principal.user_id))}

    def update_settings(self, principal: Principal, request: UserSettings) -> SettingsWire:
        """The caller has a profile (``ensure`` first)."""
        user = User(principal.user_id)
        user.update(actions=[User.send_receipts.set(request.send_receipts)])
        return protocol.settings_wire(user)

    @staticmethod
    def hiding_reads(user_ids: list[str]) -> set[str]:
        """The users among these who turned receipts off: others never see their ``readSeq``."""
        users = User.batch_get(user_ids, attributes_to_get=["userId", "sendReceipts"]) if user_ids else []
        return {user.user_id for user in users if user.send_receipts is False}
