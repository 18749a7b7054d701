-- Secret ballots: the election of the bloc head (Khối trưởng) and deputy (Khối phó), and the
-- bình xét of units for each title. Instants are ISO-8601 text in UTC.
--
-- Secrecy is a property of this schema: the roll (which unit has voted) and the ballots (what
-- was chosen) share no column but the election. A ballot has no unit, no user, no time and a
-- random key (WITHOUT ROWID, so its place in the table follows the key, not the order of
-- casting); the roll is keyed by unit (so its order is the units', not the voting order) and
-- has no time either. The receipt code lives only on the ballot.

-- The bloc's voting rules (ElectionRules as JSON); none stored means the defaults.
CREATE TABLE election_settings (
    bloc_id INTEGER PRIMARY KEY REFERENCES blocs (id) ON DELETE CASCADE,
    rules TEXT NOT NULL,
    set_by INTEGER NOT NULL,
    set_at TEXT NOT NULL
);

-- One vote. `rules` is the snapshot of the bloc's rules when it opened. `due_at` NULL follows
-- the year's `election` deadline; a runoff has its own. `closed_by` NULL with `closed_at` set:
-- closed at the deadline. `result` is the count (JSON) made at the close, for the minutes.
-- `progress_message_id`: the group's progress message, edited in place as ballots arrive.
CREATE TABLE elections (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    bloc_id INTEGER NOT NULL REFERENCES blocs (id) ON DELETE CASCADE,
    year_id INTEGER NOT NULL REFERENCES years (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('head', 'deputy', 'commendation')),
    round INTEGER NOT NULL DEFAULT 1,
    runoff_of INTEGER REFERENCES elections (id),
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    rules TEXT NOT NULL,
    due_at TEXT,
    opened_by INTEGER NOT NULL,
    opened_at TEXT NOT NULL,
    closed_by INTEGER,
    closed_at TEXT,
    result TEXT,
    progress_message_id INTEGER
);

CREATE UNIQUE INDEX elections_one_open ON elections (bloc_id, kind) WHERE status = 'open';

CREATE INDEX elections_year ON elections (year_id);

-- Bình xét: the titles voted on and how many units the bloc may propose for each.
CREATE TABLE election_titles (
    election_id INTEGER NOT NULL REFERENCES elections (id) ON DELETE CASCADE,
    title_id INTEGER NOT NULL REFERENCES titles (id),
    quota INTEGER NOT NULL CHECK (quota >= 1),
    position INTEGER NOT NULL,
    PRIMARY KEY (election_id, title_id)
);

-- The candidates, in display order; `title_id` is 0 for a head or deputy election.
CREATE TABLE election_candidates (
    election_id INTEGER NOT NULL REFERENCES elections (id) ON DELETE CASCADE,
    title_id INTEGER NOT NULL DEFAULT 0,
    unit_id INTEGER NOT NULL REFERENCES units (id),
    position INTEGER NOT NULL,
    PRIMARY KEY (election_id, title_id, unit_id)
);

-- The roll: the units entitled to a ballot, fixed when the vote opens.
CREATE TABLE election_roll (
    election_id INTEGER NOT NULL REFERENCES elections (id) ON DELETE CASCADE,
    unit_id INTEGER NOT NULL REFERENCES units (id),
    PRIMARY KEY (election_id, unit_id)
) WITHOUT ROWID;

-- Which units of the roll have voted: inserted in the same transaction as the ballot, so the
-- primary key lets exactly one ballot per unit in, whichever delegate presses ✅ first.
CREATE TABLE election_voted (
    election_id INTEGER NOT NULL,
    unit_id INTEGER NOT NULL,
    PRIMARY KEY (election_id, unit_id),
    FOREIGN KEY (election_id, unit_id) REFERENCES election_roll (election_id, unit_id)
        ON DELETE CASCADE
) WITHOUT ROWID;

-- The ballots: a random id, the receipt code and the choice (JSON), nothing else.
CREATE TABLE ballots (
    id TEXT PRIMARY KEY,
    election_id INTEGER NOT NULL REFERENCES elections (id) ON DELETE CASCADE,
    receipt TEXT NOT NULL,
    choice TEXT NOT NULL,
    UNIQUE (election_id, receipt)
) WITHOUT ROWID;

-- The head and deputy of a bloc for a year: elected, or decided in the meeting (rotation, a
-- show of hands) and recorded by an admin.
CREATE TABLE bloc_leaders (
    bloc_id INTEGER NOT NULL REFERENCES blocs (id) ON DELETE CASCADE,
    year INTEGER NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('head', 'deputy')),
    unit_id INTEGER NOT NULL REFERENCES units (id),
    source TEXT NOT NULL CHECK (source IN ('election', 'meeting')),
    election_id INTEGER REFERENCES elections (id),
    set_by INTEGER,
    set_at TEXT NOT NULL,
    PRIMARY KEY (bloc_id, year, role)
);
