"""The reliability suite: fast by default, longer with SOAK=1 (`make soak`).

The flow harness (a real Application against the emulator) is reused from tests/flows.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from tests.flows.conftest import Harness, bot, harness  # noqa: F401  (fixtures here)
from tests.reliability.fuzz_kit import World, build

#: `make soak` sets SOAK=1: more hypothesis examples, more crash points, more repetitions.
SOAK = os.environ.get("SOAK", "") not in ("", "0")


def scaled(fast: int, soak: int) -> int:
    """How many cases to run: `fast` by default, `soak` under SOAK=1."""
    return soak if SOAK else fast


def fuzz_settings(fast: int, soak: int) -> Any:
    return settings(
        max_examples=scaled(fast, soak),
        deadline=None,
        derandomize=not SOAK,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


@pytest.fixture
async def world(bot: Harness) -> World:  # noqa: F811
    """The scene, built once per test (hypothesis runs all its examples on it)."""
    return await build(bot)
