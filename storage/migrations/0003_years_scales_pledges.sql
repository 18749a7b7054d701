-- The emulation year of a bloc: its deadlines, the versions of its scoring scale, the titles the
-- bloc's units can aim for, and each unit's pledge. Instants are ISO-8601 text in UTC.

-- One row per (bloc, year); at most one open year per bloc, closed years stay readable.
-- `pledges_published_at` is set when an admin makes the year's commitments visible to the group.
CREATE TABLE years (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    bloc_id INTEGER NOT NULL REFERENCES blocs (id) ON DELETE CASCADE,
    year INTEGER NOT NULL,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    opened_by INTEGER NOT NULL,
    opened_at TEXT NOT NULL,
    closed_by INTEGER,
    closed_at TEXT,
    pledges_published_by INTEGER,
    pledges_published_at TEXT,
    UNIQUE (bloc_id, year)
);

CREATE UNIQUE INDEX years_one_open ON years (bloc_id) WHERE status = 'open';

-- The deadline of each phase (pledge, midyear, yearend, election) of a year, in UTC.
CREATE TABLE deadlines (
    year_id INTEGER NOT NULL REFERENCES years (id) ON DELETE CASCADE,
    phase TEXT NOT NULL,
    due_at TEXT NOT NULL,
    set_by INTEGER NOT NULL,
    set_at TEXT NOT NULL,
    PRIMARY KEY (year_id, phase)
);

-- Every accepted scale of a year is a new version; the highest is the current one. The scale is
-- stored whole as JSON (decimals as strings). Assessments refer to `scale_versions.id`, so each
-- records the version it was made against.
CREATE TABLE scale_versions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    year_id INTEGER NOT NULL REFERENCES years (id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    name TEXT NOT NULL,
    source TEXT NOT NULL,
    body TEXT NOT NULL,
    created_by INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (year_id, version)
);

-- The titles a bloc's units can pledge for, in display order. A removed title keeps its row (and
-- its name) for the pledges that chose it; an active name is unique within the bloc.
CREATE TABLE titles (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    bloc_id INTEGER NOT NULL REFERENCES blocs (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    position INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    removed_at TEXT
);

CREATE UNIQUE INDEX titles_active_name ON titles (bloc_id, name) WHERE removed_at IS NULL;

-- A unit's pledge for a year (drafts live in `flows` until registered). Status `registered` once
-- the unit registered it; `none` for a unit that has not, kept only to hold a reopening.
-- `reopened_at` is set while an admin lets the unit edit after the pledge deadline; registering
-- clears it. A unit with a pledge cannot be deleted (no cascade on `unit_id`). `revision` counts
-- the registrations: a delegate's draft records the one it started from, so a second delegate of
-- the unit never replaces the first one's registration without being told.
CREATE TABLE pledges (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    year_id INTEGER NOT NULL REFERENCES years (id) ON DELETE CASCADE,
    unit_id INTEGER NOT NULL REFERENCES units (id),
    status TEXT NOT NULL CHECK (status IN ('registered', 'none')),
    commitments TEXT NOT NULL DEFAULT '',
    revision INTEGER NOT NULL DEFAULT 0,
    registered_by INTEGER,
    first_registered_at TEXT,
    updated_by INTEGER,
    updated_at TEXT,
    reopened_by INTEGER,
    reopened_at TEXT,
    UNIQUE (year_id, unit_id)
);

CREATE TABLE pledge_titles (
    pledge_id INTEGER NOT NULL REFERENCES pledges (id) ON DELETE CASCADE,
    title_id INTEGER NOT NULL REFERENCES titles (id),
    PRIMARY KEY (pledge_id, title_id)
);

-- A change an admin was shown and has yet to confirm with ✅ (a new scale, a title's new name).
-- Membership keeps its own confirmations (a roster import) in the same table, hence IF NOT EXISTS.
CREATE TABLE IF NOT EXISTS pending_changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    bloc_id INTEGER NOT NULL REFERENCES blocs (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at TEXT NOT NULL
);
