"""Composition root: binds the tables and builds every service once per Lambda container (or local process)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from chalicelib import models
from chalicelib.actions import Services
from chalicelib.auth import Principal, TokenVerifier
from chalicelib.blocks import Blocks
from chalicelib.broadcast import Broadcaster
from chalicelib.changes import Changes
from chalicelib.config import Settings
from chalicelib.connections import ConnectionRegistry
from chalicelib.fanout import Fanout
from chalicelib.gateway import ManagementApi
from chalicelib.invitations import Invitations
from chalicelib.memberships import Caps, Memberships
from chalicelib.mentions import Mentions
from chalicelib.messages import Messages, Posted
from chalicelib.moderation import Moderation
from chalicelib.policy import Permission
from chalicelib.presence import PresenceService
from chalicelib.realtime import Realtime
from chalicelib.receipts import Receipts
from chalicelib.rooms import Rooms
from chalicelib.schemas import NewMessage, parse
from chalicelib.search import Search
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
    invitations: Invitations
    blocks: Blocks

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> Chat:
        settings = Settings.from_env(env)
        models.bind(settings)
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
        changes = Changes(rooms, mentions, connections, broadcast, settings.message_retention_days)
        messages = Messages(rooms, changes, mentions, connections, broadcast, settings.message_retention_days,
                            settings.resume_window)
        receipts = Receipts(rooms, users, connections, broadcast, lookups)
        moderation = Moderation(rooms, users, changes, broadcast)
        presence = PresenceService(rooms, connections, broadcast, lookups)
        services = Services(rooms, messages, changes, connections, broadcast, receipts,
                            TypingIndicator(connections, broadcast), presence)
        realtime = Realtime(verifier, users, services)
        return cls(settings, verifier, users, gateway, rooms, messages, changes, broadcast, receipts, moderation,
                   presence, Search(rooms), realtime, invitations, Blocks(users))

    def client_config(self) -> dict[str, str]:
        """What a client needs to sign in and connect (``GET /config``)."""
        s = self.settings
        return {"region": s.region, "userPoolId": s.user_pool_id, "clientId": s.client_id,
                "cognitoEndpoint": s.cognito_endpoint, "restUrl": s.public_rest_url, "wsUrl": s.public_ws_url}

    def post_message(self, principal: Principal, room_id: str, body: Any) -> Posted:
        """REST send: the WebSocket ``sendMessage`` without a sender socket to ack or skip."""
        request = parse(NewMessage, body)
        access = self.rooms.authorize_soon(principal, room_id, Permission.POST_MESSAGE)
        posted = self.messages.post(principal, room_id, request, access)
        posted.fan_out()
        return posted
