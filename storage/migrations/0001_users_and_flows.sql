-- Users the bot has seen, their language choice, and where each one is in a multi-step flow.
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT,
    first_name TEXT NOT NULL DEFAULT '',
    last_name TEXT,
    telegram_language TEXT,
    chosen_language TEXT,
    started INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE INDEX users_username ON users (username);

-- One row per (user, flow): the step reached and the draft so far, written at every step.
-- `active` marks the flow the user is in now; /cancel clears it and keeps the draft.
CREATE TABLE flows (
    user_id INTEGER NOT NULL REFERENCES users (id),
    name TEXT NOT NULL,
    step TEXT NOT NULL,
    data TEXT NOT NULL DEFAULT '{}',
    active INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (user_id, name)
);

CREATE UNIQUE INDEX flows_one_active ON flows (user_id) WHERE active = 1;
