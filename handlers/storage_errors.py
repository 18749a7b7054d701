"""Which apology fits an unexpected error: a full disk gets its own, everything else the usual.

A full disk is not a bug to retry in a few minutes: the operator must free space. SQLite rolls
the transaction back (nothing half-written), so the person is told plainly that this one action
was not saved and the rest is intact, and the log says what the operator must do.
"""

from __future__ import annotations

import errno
import logging
import sqlite3

log = logging.getLogger(__name__)


def storage_full(error: BaseException | None) -> bool:
    """SQLITE_FULL (the disk or the page limit), or an OS write that found no space."""
    if isinstance(error, sqlite3.Error):
        code = getattr(error, "sqlite_errorcode", None)
        return code is not None and code & 0xFF == sqlite3.SQLITE_FULL
    return isinstance(error, OSError) and error.errno == errno.ENOSPC


def apology_key(error: BaseException | None) -> str:
    """The catalog key of the apology for `error`."""
    if storage_full(error):
        log.critical("the database's disk is full: free space, the bot carries on by itself")
        return "durability.storage_full"
    return "core.error_apology"
