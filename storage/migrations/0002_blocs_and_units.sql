-- A bloc lives in one Telegram group; its units, delegates, admins, invites and join requests.
CREATE TABLE blocs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    chat_id INTEGER NOT NULL UNIQUE,
    name TEXT NOT NULL,
    language TEXT NOT NULL,
    timezone TEXT NOT NULL,
    head_unit_id INTEGER,
    deputy_unit_id INTEGER,
    created_by INTEGER NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE bloc_admins (
    bloc_id INTEGER NOT NULL REFERENCES blocs (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL,
    added_by INTEGER,
    added_at TEXT NOT NULL,
    PRIMARY KEY (bloc_id, user_id)
);

CREATE TABLE units (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    bloc_id INTEGER NOT NULL REFERENCES blocs (id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (bloc_id, code)
);

CREATE TABLE delegates (
    unit_id INTEGER NOT NULL REFERENCES units (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL,
    added_by INTEGER,
    added_at TEXT NOT NULL,
    PRIMARY KEY (unit_id, user_id)
);

CREATE INDEX delegates_user ON delegates (user_id);

-- Only a SHA-256 digest of each invite token is kept: the database never holds a usable link.
CREATE TABLE invites (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash TEXT NOT NULL UNIQUE,
    unit_id INTEGER NOT NULL REFERENCES units (id) ON DELETE CASCADE,
    created_by INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_by INTEGER,
    used_at TEXT,
    revoked_at TEXT
);

CREATE TABLE join_requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    unit_id INTEGER NOT NULL REFERENCES units (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending',
    created_at TEXT NOT NULL,
    decided_by INTEGER,
    decided_at TEXT
);

CREATE UNIQUE INDEX join_requests_one_pending ON join_requests (unit_id, user_id)
    WHERE status = 'pending';

