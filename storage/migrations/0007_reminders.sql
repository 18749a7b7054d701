-- Deadline nudges: each bloc's reminder settings, the log of nudges sent (what makes sending
-- idempotent), the people the bot cannot reach privately, and the lease that keeps a second
-- process off the same database. Instants are ISO-8601 text in UTC.

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

-- One row per message of a nudge, written before it is handed to the sender: the UNIQUE key
-- (bloc, year, phase, deadline, point, unit, chat) is what stops a restart, a retry or two
-- overlapping rounds from sending it twice. `point` is the offset label (`7d`), `morning`,
-- `after` (the group line after the deadline) or `now-<n>` (an admin's /remind now); `unit_id`
-- is 0 for a group message. `due_at` is part of the key so that a changed deadline gets its own
-- nudges. `status`: queued (handed over), sent, unreachable (403), failed (given up).
CREATE TABLE nudges_sent (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    bloc_id INTEGER NOT NULL REFERENCES blocs (id) ON DELETE CASCADE,
    year_id INTEGER NOT NULL REFERENCES years (id) ON DELETE CASCADE,
    phase TEXT NOT NULL,
    due_at TEXT NOT NULL,
    point TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('private', 'digest', 'after', 'late')),
    unit_id INTEGER NOT NULL DEFAULT 0,
    chat_id INTEGER NOT NULL,
    status TEXT NOT NULL DEFAULT 'queued'
        CHECK (status IN ('queued', 'sent', 'unreachable', 'failed')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (bloc_id, year_id, phase, due_at, point, unit_id, chat_id)
);

CREATE INDEX nudges_sent_queued ON nudges_sent (status) WHERE status = 'queued';

-- People who cannot get a private message (never started the bot, or blocked it: a 403). They
-- are mentioned in the group's digest instead, and `/remind` lists them; a row goes when the
-- person writes to the bot again.
CREATE TABLE unreachable_users (
    user_id INTEGER PRIMARY KEY,
    reason TEXT NOT NULL,
    since TEXT NOT NULL
);

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
