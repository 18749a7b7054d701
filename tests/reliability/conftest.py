"""The reliability suite: fast by default, longer with SOAK=1 (`make soak`).

The flow harness (a real Application against the emulator) is reused from tests/flows.
"""

from __future__ import annotations

import os

from tests.flows.conftest import bot, harness  # noqa: F401  (fixtures for this folder)

#: `make soak` sets SOAK=1: more hypothesis examples, more crash points, more repetitions.
SOAK = os.environ.get("SOAK", "") not in ("", "0")


def scaled(fast: int, soak: int) -> int:
    """How many cases to run: `fast` by default, `soak` under SOAK=1."""
    return soak if SOAK else fast
