"""Admins manage users: global roles (Cognito groups), disable, enable, sign out everywhere.

Each change reaches the user's open sockets at once: they are closed, and the tokens issued
before it get no ticket (``Tickets.revoke``), so a reconnect needs fresh tokens, which carry
the new groups. Who may act on whom is policy.py's ``MANAGE_USERS``.
"""

from __future__ import annotations

from typing import Any

from chalicelib.auth import Principal
from chalicelib.models import User
from chalicelib.policy import GLOBAL_ROLES, GlobalRole, Permission, RoomRole, decide, global_role
from chalicelib.schemas import SetGlobalRoles
from chalicelib.sessions import Sessions
from chalicelib.tickets import Tickets
from chalicelib.users import Users


class Admin:
    def __init__(self, users: Users, sessions: Sessions, tickets: Tickets) -> None:
        self._users = users
        self._sessions = sessions
        self._tickets = tickets

    def set_roles(self, principal: Principal, user_id: str, request: SetGlobalRoles) -> dict[str, Any]:
        user, held = self._target(principal, user_id)
        wanted: set[str] = {role for role in GLOBAL_ROLES if role in request.roles}
        for role in wanted - held:
            self._sessions.admin("admin_add_user_to_group", user.username, GroupName=role)
        for role in held - wanted:
            self._sessions.admin("admin_remove_user_from_group", user.username, GroupName=role)
        User(user_id).update(actions=[User.roles.set(wanted)])  # others rank them by it at once
        self._end_sessions(user_id)
        return {"userId": user_id, "roles": [role for role in GLOBAL_ROLES if role in wanted]}

    def disable(self, principal: Principal, user_id: str) -> dict[str, Any]:
        user = self._target(principal, user_id)[0]
        self._sessions.admin("admin_disable_user", user.username)
        self._sessions.admin("admin_user_global_sign_out", user.username)
        self._end_sessions(user_id)
        return {"userId": user_id, "enabled": False}

    def enable(self, principal: Principal, user_id: str) -> dict[str, Any]:
        """Tokens from before the disable stay refused: the user signs in again."""
        user = self._target(principal, user_id)[0]
        self._sessions.admin("admin_enable_user", user.username)
        return {"userId": user_id, "enabled": True}

    def sign_out(self, principal: Principal, user_id: str) -> dict[str, Any]:
        user = self._target(principal, user_id)[0]
        self._sessions.admin("admin_user_global_sign_out", user.username)
        self._end_sessions(user_id)
        return {"userId": user_id, "signedOut": True}

    def _target(self, principal: Principal, user_id: str) -> tuple[User, set[str]]:
        """The user and their Cognito groups, which rank them (the profile's copy may be stale)."""
        decide(Permission.MANAGE_USERS, principal.global_role, "none").enforce()
        user = self._users.get(user_id)
        groups = self._sessions.admin("admin_list_groups_for_user", user.username)["Groups"]
        held = {group["GroupName"] for group in groups} & set(GLOBAL_ROLES)
        target: tuple[GlobalRole, RoomRole] = (global_role(held), "none")
        decide(Permission.MANAGE_USERS, principal.global_role, "none", target=target).enforce()
        return user, held

    def _end_sessions(self, user_id: str) -> None:
        self._tickets.revoke(user_id)
        self._sessions.close_user(user_id)
