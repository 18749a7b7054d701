"""Invite states and token rules."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

from bot.constants import INVITE_TOKEN_BYTES
from bot.domain.membership import Invite, InviteState, is_token_shaped, token_digest

NOW = datetime(2026, 1, 5, 2, 0, tzinfo=UTC)


def _invite(**changes: object) -> Invite:
    base = Invite(id=1, unit_id=1, created_by=1, created_at=NOW, expires_at=NOW + timedelta(days=7))
    return base.model_copy(update=changes)


def test_an_invite_is_open_until_it_expires() -> None:
    assert _invite().state(NOW + timedelta(days=6, hours=23)) is InviteState.OPEN
    assert _invite().state(NOW + timedelta(days=7)) is InviteState.EXPIRED


def test_used_and_revoked_are_told_even_after_expiry() -> None:
    later = NOW + timedelta(days=30)
    assert _invite(used_by=5, used_at=NOW).state(later) is InviteState.USED
    assert _invite(revoked_at=NOW).state(later) is InviteState.REVOKED


def test_tokens_are_long_url_safe_and_only_their_digest_is_kept() -> None:
    token = secrets.token_urlsafe(INVITE_TOKEN_BYTES)
    assert INVITE_TOKEN_BYTES * 8 >= 128 and 22 <= len(token) <= 64
    assert is_token_shaped(token)
    assert len(token_digest(token)) == 64 and token not in token_digest(token)
    for bad in ("", "a b", "x" * 65, "../etc", "tôi"):
        assert not is_token_shaped(bad), bad
