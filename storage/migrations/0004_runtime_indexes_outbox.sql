-- Indexes for what every update looks up: a bloc's titles (each pledge step and /status), a
-- person by @name (/admin add), and the foreign-key columns (deletes and joins scanned without).
CREATE INDEX titles_bloc ON titles (bloc_id);

CREATE INDEX users_username_lower ON users (lower(username));

CREATE INDEX pledges_unit ON pledges (unit_id);

CREATE INDEX invites_unit ON invites (unit_id);

CREATE INDEX join_requests_unit ON join_requests (unit_id);

CREATE INDEX pledge_titles_title ON pledge_titles (title_id);

CREATE INDEX pending_changes_bloc ON pending_changes (bloc_id);

-- The notifier's durable outbox: a message is written in the same transaction as the change
-- that causes it and sent after it in the background, so a crash or a Telegram failure never
-- loses it. `key` names the message (e.g. `pledge:12:r3:group`): the same message is queued
-- once. `edit_message_id` set: edit that message, and send a new one if it cannot be edited.
-- `next_at` holds a retry back (5xx, time-outs, flood control).
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    key TEXT NOT NULL UNIQUE,
    chat_id INTEGER NOT NULL,
    text TEXT NOT NULL,
    edit_message_id INTEGER,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_at TEXT NOT NULL,
    last_error TEXT,
    created_at TEXT NOT NULL
);

CREATE INDEX outbox_due ON outbox (next_at);

-- Every message the notifier finished with, by key: a retry or a restart never sends it again.
-- `outcome` is `sent`, `unreachable` (403: never started or blocked) or `refused` (Telegram
-- refused it for good, e.g. a malformed text).
CREATE TABLE sent_log (
    key TEXT PRIMARY KEY,
    chat_id INTEGER NOT NULL,
    message_id INTEGER,
    outcome TEXT NOT NULL CHECK (outcome IN ('sent', 'unreachable', 'refused')),
    done_at TEXT NOT NULL
);

CREATE INDEX sent_log_chat ON sent_log (chat_id);

-- Chats the bot cannot write to (a person who never pressed Start or blocked the bot): kept so
-- that reminders can say who will not hear them; cleared when a message goes through again.
CREATE TABLE unreachable (
    chat_id INTEGER PRIMARY KEY,
    reason TEXT NOT NULL,
    since TEXT NOT NULL
);
