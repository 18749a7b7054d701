-- Deadline nudges: each bloc's reminder settings, the ledger of nudges queued (what makes
-- nudging idempotent), a button on outbox messages, and the lease that keeps a second process
-- off the same database. Who cannot be reached is the notifier's `unreachable` (0004).
-- Instants are ISO-8601 text in UTC.

-- A bloc's settings; no row means the defaults (7d 3d 1d, quiet 21:00-07:30, weekends skipped).
-- `offsets` is the labels separated by spaces ("5d 2d 12h"); quiet hours are local HH:MM, both
-- NULL when the bloc turned them off. `updated_at` counts as a change of schedule: nudges that
-- were due before it are not caught up.
CREATE TABLE reminder_settings (
    bloc_id INTEGER PRIMARY KEY REFERENCES blocs (id) ON DELETE CASCADE,
    offsets TEXT NOT NULL,
    quiet_start TEXT,
    quiet_end TEXT,
    weekends INTEGER NOT NULL DEFAULT 0,
    updated_by INTEGER,
    updated_at TEXT NOT NULL,
    CHECK ((quiet_start IS NULL) = (quiet_end IS NULL))
);

-- The phases whose nudges a bloc turned off (`/remind off midyear`); absent means on.
CREATE TABLE reminder_phases_off (
    bloc_id INTEGER NOT NULL REFERENCES blocs (id) ON DELETE CASCADE,
    phase TEXT NOT NULL,
    set_by INTEGER,
    set_at TEXT NOT NULL,
    PRIMARY KEY (bloc_id, phase)
);

-- The ledger of nudges: one row per message of a nudge, written in the same transaction as the
-- message is queued in the notifier's outbox (`message_key` is its key there, whose sent_log
-- row says how it went). The UNIQUE key (bloc, year, phase, deadline, point, unit, chat) is what
-- stops a restart, a retry or two overlapping rounds from queueing it twice. `point` is the
-- offset label (`7d`), `morning`, `after` (the group line after the deadline) or `now-…` (an
-- admin's /remind now); `unit_id` is 0 for a group message. `due_at` is part of the key so that
-- a changed deadline gets its own nudges. A `digest` row without `message_key` closes a round
-- that had nobody to remind. After a deadline, `missed` rows (point `after`, no message) keep the
-- units that had not acted, and a `late` row (point `late`) the group line saying one did later.
CREATE TABLE nudges_sent (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    bloc_id INTEGER NOT NULL REFERENCES blocs (id) ON DELETE CASCADE,
    year_id INTEGER NOT NULL REFERENCES years (id) ON DELETE CASCADE,
    phase TEXT NOT NULL,
    due_at TEXT NOT NULL,
    point TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('private', 'digest', 'after', 'missed', 'late')),
    unit_id INTEGER NOT NULL DEFAULT 0,
    chat_id INTEGER NOT NULL,
    message_key TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (bloc_id, year_id, phase, due_at, point, unit_id, chat_id)
);

CREATE INDEX nudges_sent_round ON nudges_sent (bloc_id, phase, kind);

-- A nudge carries one button (open the flow): the outbox keeps the message's inline keyboard
-- as Telegram's JSON (NULL: no keyboard).
ALTER TABLE outbox ADD COLUMN reply_markup TEXT;

-- The process that owns this database (one bot per database): a second one refuses to start
-- while the lease is held. The holder renews `expires_at`; a lease that is past it, or held by a
-- process that no longer exists on this host, may be taken over.
CREATE TABLE process_lease (
    name TEXT PRIMARY KEY,
    token TEXT NOT NULL,
    host TEXT NOT NULL,
    pid INTEGER NOT NULL,
    acquired_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
