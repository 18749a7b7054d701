"""Limits and patterns used across the bot; user-facing text lives in the catalogs instead."""

from __future__ import annotations

import re

LANGUAGES: tuple[str, ...] = ("vi", "en")

#: Telegram's limits (Bot API 10.1).
MESSAGE_MAX_CHARS = 4096
CAPTION_MAX_CHARS = 1024
CALLBACK_DATA_MAX_BYTES = 64
CALLBACK_ANSWER_MAX_CHARS = 200

#: Version prefix of every callback data string this bot builds.
CALLBACK_VERSION = "v1"
CALLBACK_PART_RE = re.compile(r"^[A-Za-z0-9_.\-]*$")
#: The characters of a Telegram @username (without the @): "@Nguyễn" or "Lan Nguyễn" cannot be
#: one, but a person's name, which /admin cannot look up.
USERNAME_RE = re.compile(r"[A-Za-z0-9_]{1,32}")

#: How long a Telegram administrator check is trusted before asking again (seconds).
ADMIN_CACHE_SECONDS = 120

#: The interpreter's flags the bot runs with (the Makefile's `run`; the benchmark and the tests
#: that start the bot as a process use them too): no docstrings and no asserts, which the bot
#: never reads and only uses to narrow types (about 4.5 MiB less resident memory); and no
#: column ranges in code objects (`no_debug_ranges`: a traceback loses its ^^^ marks, never its
#: line numbers; about 0.5 MiB less).
DEPLOYED_FLAGS = ("-OO", "-X", "no_debug_ranges")

#: SQLite waits this long for a lock before failing (milliseconds).
SQLITE_BUSY_TIMEOUT_MS = 5000
#: SQLite's own page cache per connection (KiB; SQLite's default is 2,000). The file's pages
#: stay in the operating system's cache, so a smaller one costs a read call, not a disk read;
#: the default filled up at start-up (planning 1,000 blocs' nudges) and stayed resident.
SQLITE_CACHE_KIB = 256

#: Membership (issue 4): a bloc's name, invite links, list pages.
BLOC_NAME_MAX_CHARS = 200
INVITE_TTL_DAYS = 7
INVITE_TOKEN_BYTES = 24  # secrets.token_urlsafe: 192 bits in 32 characters
UNITS_PER_PAGE = 8
#: A /units page ends early past this many characters (Telegram's limit is 4096, the header
#: and a 200-character bloc name come on top); a unit's delegates line is cut past the other.
LIST_PAGE_MAX_CHARS = 3500
DELEGATES_MAX_CHARS = 600
#: /join shows this many unit buttons a page (four a row).
JOIN_BUTTONS_PER_PAGE = 24
#: A change shown for ✅ (a roster import, a new scale…) is forgotten after this long: a preview
#: that never reached the admin must not leave its row behind forever.
PENDING_CHANGE_TTL_DAYS = 3
#: A preview of a roster import lists this many lines (and characters), then "… and N more".
PREVIEW_MAX_LINES = 25
PREVIEW_MAX_CHARS = 3000
#: The units a roster file leaves out are named up to this many codes, then "…".
PREVIEW_MAX_CODES = 20

#: `/remind now` asks before reminding again when a reminder of the same deadline went out
#: less than this many hours ago (why 12: `bot/nudge_again.py`).
REMIND_AGAIN_HOURS = 12
