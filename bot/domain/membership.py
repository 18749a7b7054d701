"""Invites and join requests: records and their pure rules.

An invite token is random and shown once; only its SHA-256 digest is stored, so a copy of the
database (or a log line with the digest) never holds a usable link.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from enum import StrEnum

from bot.domain.bloc import Record

#: What `secrets.token_urlsafe` makes, and what Telegram allows in a /start payload.
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


class InviteState(StrEnum):
    OPEN = "open"
    USED = "used"
    REVOKED = "revoked"
    EXPIRED = "expired"


class Invite(Record):
    id: int
    unit_id: int
    created_by: int
    created_at: datetime
    expires_at: datetime
    used_by: int | None = None
    used_at: datetime | None = None
    revoked_at: datetime | None = None

    def state(self, now: datetime) -> InviteState:
        """Used and revoked win over expired: the user is told what really happened."""
        if self.used_by is not None:
            return InviteState.USED
        if self.revoked_at is not None:
            return InviteState.REVOKED
        if now >= self.expires_at:
            return InviteState.EXPIRED
        return InviteState.OPEN


class JoinStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"
    #: Settled without a decision: the person became a delegate of the unit another way.
    JOINED = "joined"


class JoinRequest(Record):
    id: int
    unit_id: int
    user_id: int
    status: JoinStatus
    created_at: datetime
    decided_by: int | None = None
    decided_at: datetime | None = None
    #: The group message showing the request with its buttons (None: made before it was kept).
    message_id: int | None = None


def token_digest(token: str) -> str:
    """What the database keeps of a token."""
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def is_token_shaped(text: str) -> bool:
    return bool(TOKEN_RE.match(text))
