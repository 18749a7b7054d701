"""Fault injection: make the next requests fail or stall, the way Telegram sometimes does.

"Nothing is lost" and "never sent twice" can only be tested if the server misbehaves on
demand: a 500 in the middle of a nudge run, a 429 the bot did not cause, a 502 from the
proxy, a slow answer. Rules are consumed in order; ``getUpdates`` is never affected unless it
is named, so the bot keeps receiving updates while its sends fail.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import ApiError, too_many_requests

_DESCRIPTIONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


@dataclass
class _Rule:
    remaining: int
    methods: frozenset[str] | None
    status: int = 500
    retry_after: int = 1
    description: str | None = None
    seconds: float = 0.0

    def matches(self, method: str) -> bool:
        if self.methods is None:
            return method.lower() != "getupdates"
        return method.lower() in self.methods


class Faults:
    """The injection controls, reachable as ``emu.faults``."""

    def __init__(self) -> None:
        self._failures: list[_Rule] = []
        self._delays: list[_Rule] = []

    def fail_next(
        self,
        n: int,
        *,
        status: int = 500,
        retry_after: int = 1,
        methods: set[str] | None = None,
        description: str | None = None,
    ) -> None:
        """Fail the next ``n`` matching requests with a Telegram-shaped error.

        ``status`` 429 carries ``retry_after``; 5xx use the gateway's wording. ``description``
        overrides the text (for example a 403 "Forbidden: bot was blocked by the user").
        """
        self._failures.append(
            _Rule(
                n, _lower(methods), status=status, retry_after=retry_after, description=description
            )
        )

    def delay_next(self, n: int, seconds: float, *, methods: set[str] | None = None) -> None:
        """Hold the next ``n`` matching requests for ``seconds`` before handling them."""
        self._delays.append(_Rule(n, _lower(methods), seconds=seconds))

    def clear(self) -> None:
        """Drop every pending rule."""
        self._failures.clear()
        self._delays.clear()

    @property
    def pending(self) -> int:
        """How many injected failures and delays are still waiting to fire."""
        return sum(r.remaining for r in self._failures + self._delays)

    def take_delay(self, method: str) -> float:
        rule = _take(self._delays, method)
        return rule.seconds if rule else 0.0

    def take_failure(self, method: str) -> ApiError | None:
        rule = _take(self._failures, method)
        if rule is None:
            return None
        if rule.status == 429 and rule.description is None:
            return too_many_requests(rule.retry_after)
        description = rule.description or _DESCRIPTIONS.get(rule.status, "Error")
        params = {"retry_after": rule.retry_after} if rule.status == 429 else None
        return ApiError(rule.status, description, params)


def _lower(methods: set[str] | None) -> frozenset[str] | None:
    return None if methods is None else frozenset(m.lower() for m in methods)


def _take(rules: list[_Rule], method: str) -> _Rule | None:
    for rule in rules:
        if rule.remaining > 0 and rule.matches(method):
            rule.remaining -= 1
            if rule.remaining == 0:
                rules.remove(rule)
            return rule
    return None
