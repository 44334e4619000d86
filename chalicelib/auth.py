"""Cognito token verification (RS256 against the pool's JWKS) and the caller's identity."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import jwt

from chalicelib import names
from chalicelib.errors import Unauthorized
from chalicelib.policy import GLOBAL_ROLES, GlobalRole, global_role

log = logging.getLogger(__name__)
# The one answer to every refused credential, on REST and on ``$connect``: why it failed goes
# to the log (never the token itself), so a caller cannot probe which check tripped.
INVALID_CREDENTIALS = "Missing or invalid credentials"


@dataclass(frozen=True)
class Principal:
    """The authenticated caller, as carried in API Gateway's authorizer context."""

    user_id: str
    username: str
    email: str | None
    roles: tuple[str, ...]
    expires_at: int = 0  # the token's ``exp`` (epoch seconds); 0: unknown
    issued_at: int = 0  # the token's ``iat``: tokens issued before a revocation are refused tickets

    @property
    def global_role(self) -> GlobalRole:
        return global_role(self.roles)

    def to_context(self) -> dict[str, str]:
        """API Gateway authorizer context values must be flat strings."""
        return {"userId": self.user_id, "username": self.username, "email": self.email or "",
                "roles": ",".join(self.roles), "exp": str(self.expires_at), "iat": str(self.issued_at)}

    @classmethod
    def from_context(cls, context: Mapping[str, Any]) -> Principal:
        roles = tuple(role for role in str(context.get("roles", "")).split(",") if role)
        return cls(user_id=context["userId"], username=context["username"],
                   email=context.get("email") or None, roles=roles,
                   expires_at=int(context.get("exp") or 0), issued_at=int(context.get("iat") or 0))

    @classmethod
    def from_claims(cls, claims: Mapping[str, Any]) -> Principal:
        groups = claims.get("cognito:groups") or []
        roles = tuple(role for role in GLOBAL_ROLES if role in groups) or ("user",)
        username = names.clean(claims.get("cognito:username") or claims.get("username") or "") or claims["sub"]
        return cls(user_id=claims["sub"], username=username, email=claims.get("email"), roles=roles,
                   expires_at=int(claims["exp"]), issued_at=int(claims.get("iat") or 0))


class TokenVerifier:
    """Verifies Cognito ID or access tokens.

    The JWKS is fetched once and cached; PyJWKClient refetches it when a token names
    an unknown ``kid`` (Cognito key rotation). Issuer and JWKS URL are configured
    separately because a local stand-in serves the keys somewhere other than the issuer.
    """

    def __init__(self, issuer: str, jwks_url: str, client_id: str, *, leeway_seconds: int = 5) -> None:
        self._issuer = issuer
        self._client_id = client_id
        self._leeway = leeway_seconds
        self._jwks = jwt.PyJWKClient(jwks_url, cache_jwk_set=True, lifespan=3600, timeout=5)

    def verify(self, token: str) -> Principal:
        """Raises Unauthorized with the generic message; the reason is logged without the token."""
        try:
            return self._verify(token)
        except Unauthorized as exc:
            log.info("token refused: %s", exc.message)
            raise Unauthorized(INVALID_CREDENTIALS) from exc

    def _verify(self, token: str) -> Principal:
        token = token.removeprefix("Bearer ").strip()
        if not token:
            raise Unauthorized("Missing token")
        try:
            signing_key = self._jwks.get_signing_key_from_jwt(token)
            claims = jwt.decode(
                token,
                signing_key.key,
                algorithms=["RS256"],
                issuer=self._issuer,
                leeway=self._leeway,
                options={"require": ["exp", "iss", "sub", "token_use"], "verify_aud": False},
            )
        except jwt.PyJWKClientError as exc:
            raise Unauthorized(f"Token signing key not found: {exc}") from exc
        except jwt.InvalidTokenError as exc:
            raise Unauthorized(f"Invalid token: {exc}") from exc
        self._check_client(claims)
        return Principal.from_claims(claims)

    def _check_client(self, claims: Mapping[str, Any]) -> None:
        """ID tokens name the app client in ``aud``, access tokens in ``client_id``."""
        token_use = claims.get("token_use")
        if token_use == "id":
            audience = claims.get("aud")
            audiences = audience if isinstance(audience, list) else [audience]
            if self._client_id not in audiences:
                raise Unauthorized("Invalid token: wrong audience")
        elif token_use == "access":
            if claims.get("client_id") != self._client_id:
                raise Unauthorized("Invalid token: wrong client_id")
        else:
            raise Unauthorized("Invalid token: unexpected token_use")
