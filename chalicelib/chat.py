"""Composition root: binds the tables and builds every service once per Lambda container (or local process)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from chalicelib import aws, models
from chalicelib.actions import Services
from chalicelib.admin import Admin
from chalicelib.auth import Principal, TokenVerifier
from chalicelib.blocks import Blocks
from chalicelib.broadcast import Broadcaster
from chalicelib.changes import Changes
from chalicelib.config import Settings
from chalicelib.connections import ConnectionRegistry
from chalicelib.envelope import Envelope
from chalicelib.fanout import Fanout
from chalicelib.gateway import ManagementApi
from chalicelib.invitations import Invitations
from chalicelib.memberships import Caps, Memberships
from chalicelib.mentions import Mentions
from chalicelib.messages import Messages, Posted
from chalicelib.moderation import Moderation
from chalicelib.policy import Permission
from chalicelib.presence import PresenceService
from chalicelib.ratelimit.limiter import build_limiter
from chalicelib.ratelimit.limits import Limits
from chalicelib.realtime import Realtime
from chalicelib.receipts import Receipts
from chalicelib.retention import Retention
from chalicelib.rooms import Rooms
from chalicelib.schemas import NewMessage, parse
from chalicelib.search import Search
from chalicelib.sessions import Sessions
from chalicelib.tickets import Tickets
from chalicelib.typing_indicator import TypingIndicator
from chalicelib.users import Users


@dataclass
class Chat:
    settings: Settings
    verifier: TokenVerifier
    users: Users
    gateway: ManagementApi
    rooms: Rooms
    messages: Messages
    changes: Changes
    broadcast: Broadcaster
    receipts: Receipts
    moderation: Moderation
    presence: PresenceService
    search: Search
    realtime: Realtime
    limits: Limits
    tickets: Tickets
    sessions: Sessions
    admin: Admin
    retention: Retention
    invitations: Invitations
    blocks: Blocks

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> Chat:
        settings = Settings.from_env(env)
        models.bind(settings)
        bounded = aws.client_config(settings)  # every boto3 client's timeouts and retries
        envelope = Envelope(settings.content_kms_key_id, settings.region, settings.content_key_cache_size,
                            settings.content_key_cache_seconds, client_config=bounded)
        models.use_opener(envelope)
        verifier = TokenVerifier(settings.issuer, settings.jwks_url, settings.client_id)
        users = Users()
        connections = ConnectionRegistry(settings.max_connections_per_user)
        gateway = ManagementApi(settings.region, settings.management_endpoint, settings.fanout_workers)
        broadcast = Broadcaster(connections, Fanout(gateway, settings.fanout_workers))
        lookups = ThreadPoolExecutor(max_workers=4, thread_name_prefix="lookup")  # reads run beside writes
        memberships = Memberships(Caps(settings.max_rooms_per_user, settings.max_members_per_room))
        invitations = Invitations(connections, broadcast, settings.invitation_days)
        rooms = Rooms(users, connections, broadcast, memberships, invitations, lookups)
        mentions = Mentions(broadcast)
        changes = Changes(rooms, mentions, connections, broadcast, settings.message_retention_days, envelope)
        messages = Messages(rooms, changes, mentions, connections, broadcast, settings.message_retention_days,
                            settings.resume_window, users, envelope)
        receipts = Receipts(rooms, users, connections, broadcast, lookups)
        moderation = Moderation(rooms, users, changes, broadcast)
        presence = PresenceService(rooms, connections, broadcast, lookups)
        services = Services(rooms, messages, changes, connections, broadcast, receipts,
                            TypingIndicator(connections, broadcast), presence, settings.features)
        limits = Limits(build_limiter(settings), settings.rate_limits)
        tickets = Tickets(settings.ticket_seconds)
        sessions = Sessions(connections, gateway, tickets, settings.region, settings.user_pool_id, settings.client_id,
                            bounded)
        realtime = Realtime(tickets, users, services, sessions, limits, settings.allowed_origins)
        retention = Retention(settings.retention_sweep_days, settings.retention_sweep_grace_hours)
        return cls(settings, verifier, users, gateway, rooms, messages, changes, broadcast, receipts, moderation,
                   presence, Search(rooms), realtime, limits, tickets, sessions, Admin(users, sessions, tickets),
                   retention, invitations, Blocks(users))

    def client_config(self) -> dict[str, Any]:
        """What a client needs to sign in and connect, and which features are on (``GET /config``)."""
        s = self.settings
        return {"region": s.region, "userPoolId": s.user_pool_id, "clientId": s.client_id,
                "cognitoEndpoint": s.cognito_endpoint, "restUrl": s.public_rest_url, "wsUrl": s.public_ws_url,
                "features": s.features.to_wire()}

    def post_message(self, principal: Principal, room_id: str, body: Any) -> Posted:
        """REST send: the WebSocket ``sendMessage`` without a sender socket to ack or skip."""
        request = parse(NewMessage, body)
        access = self.rooms.authorize_soon(principal, room_id, Permission.POST_MESSAGE)
        posted = self.messages.post(principal, room_id, request, access)
        posted.fan_out()
        return posted
