"""Telegram-shaped API errors.

Every failure the emulator reports travels as an :class:`ApiError` up to the HTTP layer, which
turns it into the exact JSON body Telegram sends (``ok``, ``error_code``, ``description`` and,
when relevant, ``parameters``). Keeping the wording in one place keeps it consistent with what
python-telegram-bot parses (``retry_after`` -> ``RetryAfter``, ``migrate_to_chat_id`` ->
``ChatMigrated``).
"""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """A Bot API error response: HTTP status, description and optional parameters."""

    def __init__(self, code: int, description: str, parameters: dict[str, Any] | None = None):
        super().__init__(f"{code}: {description}")
        self.code = code
        self.description = description
        self.parameters = parameters

    def to_json(self) -> dict[str, Any]:
        """The response body, exactly as Telegram shapes it."""
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.code,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(reason: str, parameters: dict[str, Any] | None = None) -> ApiError:
    """A 400 error; ``reason`` is the text after ``Bad Request: ``."""
    return ApiError(400, f"Bad Request: {reason}", parameters)


def forbidden(reason: str) -> ApiError:
    """A 403 error; ``reason`` is the text after ``Forbidden: ``."""
    return ApiError(403, f"Forbidden: {reason}")


def too_many_requests(retry_after: int) -> ApiError:
    """A 429 flood-control error carrying ``parameters.retry_after``."""
    return ApiError(
        429,
        f"Too Many Requests: retry after {retry_after}",
        {"retry_after": retry_after},
    )


def not_implemented(method: str) -> ApiError:
    """For spec methods the emulator does not simulate: loud, so a missing piece is noticed."""
    return ApiError(501, f"Not Implemented in emulator: {method}")


def chat_migrated(new_chat_id: int) -> ApiError:
    """Sending to a basic group that became a supergroup."""
    return bad_request(
        "group chat was upgraded to a supergroup chat", {"migrate_to_chat_id": new_chat_id}
    )


UNAUTHORIZED = ApiError(401, "Unauthorized")
NOT_FOUND = ApiError(404, "Not Found")
