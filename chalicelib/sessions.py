"""Ending sessions where they live: Cognito's tokens, our tickets, and the open WebSockets.

A JWT stays valid until its ``exp`` whatever Cognito revokes, so revocation has three parts:
Cognito stops refreshing (``RevokeToken``, ``AdminUserGlobalSignOut``), ``Tickets.revoke``
stops tokens issued before now from opening sockets, and ``DeleteConnection`` closes the
sockets already open. An open socket whose token expires is closed too: its next frame is
refused (``token_expired``) and the scheduled ``sweep`` finds the quiet ones.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from chalicelib.auth import Principal
from chalicelib.connections import ConnectionRegistry
from chalicelib.errors import NotFound, ValidationFailed
from chalicelib.gateway import ManagementApi
from chalicelib.schemas import Logout
from chalicelib.tickets import Tickets

log = logging.getLogger(__name__)
# What Cognito answers RevokeToken for a token that is not a refresh token of this app client.
REFUSED_REFRESH_TOKEN = {"UnauthorizedException", "UnsupportedTokenTypeException", "InvalidParameterException",
                         "NotAuthorizedException"}


class Sessions:
    def __init__(self, connections: ConnectionRegistry, gateway: ManagementApi, tickets: Tickets, region: str,
                 user_pool_id: str, client_id: str, client_config: Config | None = None) -> None:
        """``client_config``: the deployment's bounded timeouts and retries (``aws.client_config``), so an
        unreachable Cognito answers an error in seconds instead of holding the request."""
        self._connections = connections
        self._gateway = gateway
        self._tickets = tickets
        self._region = region
        self.user_pool_id = user_pool_id
        self._client_id = client_id
        self._client_config = client_config
        self._client: Any = None

    @property
    def cognito(self) -> Any:
        """Created on first use: most containers never sign anyone out."""
        if self._client is None:
            self._client = boto3.client("cognito-idp", region_name=self._region, config=self._client_config)
        return self._client

    def logout(self, principal: Principal, request: Logout) -> dict[str, bool]:
        """Revoke the refresh token (and the access tokens issued from it), then close the
        user's sockets. ``everywhere``: every refresh token of the user, and no ticket for any
        token issued until now, so the other devices cannot reconnect either."""
        try:
            self.cognito.revoke_token(Token=request.refresh_token, ClientId=self._client_id)
        except ClientError as exc:
            if exc.response["Error"]["Code"] not in REFUSED_REFRESH_TOKEN:
                raise
            raise ValidationFailed("refreshToken is not a refresh token of this app",
                                   code="invalid_refresh_token") from exc
        if request.everywhere:
            self.admin("admin_user_global_sign_out", principal.username)
            self._tickets.revoke(principal.user_id)
        closed = self.close_user(principal.user_id)
        log.info("logout of %s (everywhere=%s) closed %d sockets", principal.user_id, request.everywhere, closed)
        return {"loggedOut": True, "everywhere": request.everywhere}

    def admin(self, operation: str, username: str, **params: Any) -> dict[str, Any]:
        """A Cognito ``Admin*`` call on a user of this pool; a user Cognito does not know is 404."""
        try:
            answer: dict[str, Any] = getattr(self.cognito, operation)(UserPoolId=self.user_pool_id,
                                                                      Username=username, **params)
        except ClientError as exc:
            if exc.response["Error"]["Code"] == "UserNotFoundException":
                raise NotFound("No such user in the user pool", code="user_not_found") from exc
            raise
        return answer

    def close_user(self, user_id: str) -> int:
        """Close every open socket of the user (API Gateway then runs ``$disconnect``)."""
        return sum(self._close(row.connection_id) for row in self._connections.user_connections(user_id))

    def sweep(self, now: float | None = None) -> int:
        """Close the sockets whose token has expired; returns how many were closed."""
        before = int(now if now is not None else time.time())
        return sum(self._close(cid) for cid in list(self._connections.token_expired(before)))

    def close(self, connection_id: str) -> None:
        self._close(connection_id)

    def _close(self, connection_id: str) -> int:
        """1 if a socket was closed. A connection already gone loses its rows here: no
        ``$disconnect`` will come for it."""
        try:
            if self._gateway.close(connection_id):
                return 1
        except Exception:  # one failed close must not stop the others; the sweep retries it
            log.exception("could not close connection %s", connection_id)
            return 0
        self._connections.forget(connection_id)
        return 0
