-- Score review (thẩm định) of a year's rounds: the head, deputy or an admin set a reviewed score
-- per item with a reason, add extra bonus or deductions, exclude a unit from the ranking; the unit
-- answers (giải trình); an admin closes the round's review. Rows are keyed by (year, round, unit),
-- not by an assessment row, so review does not depend on how assessments are stored. Points are
-- decimals as text; instants ISO-8601 text in UTC. Every change is also written to `review_log`.

-- The reviewed score of one item of a unit's round; no row means the self-score stands.
CREATE TABLE review_scores (
    year_id INTEGER NOT NULL REFERENCES years (id) ON DELETE CASCADE,
    round TEXT NOT NULL CHECK (round IN ('midyear', 'yearend')),
    unit_id INTEGER NOT NULL REFERENCES units (id),
    code TEXT NOT NULL,
    reviewed TEXT NOT NULL,
    reason TEXT NOT NULL,
    reviewer_id INTEGER NOT NULL,
    reviewer_unit_id INTEGER,
    reviewed_at TEXT NOT NULL,
    PRIMARY KEY (year_id, round, unit_id, code)
);

-- Extra bonus or deduction points with their reason; a removed one keeps its row.
CREATE TABLE review_extras (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    year_id INTEGER NOT NULL REFERENCES years (id) ON DELETE CASCADE,
    round TEXT NOT NULL CHECK (round IN ('midyear', 'yearend')),
    unit_id INTEGER NOT NULL REFERENCES units (id),
    kind TEXT NOT NULL CHECK (kind IN ('bonus', 'deduction')),
    points TEXT NOT NULL,
    reason TEXT NOT NULL,
    reviewer_id INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    removed_by INTEGER,
    removed_at TEXT
);

CREATE INDEX review_extras_unit ON review_extras (year_id, round, unit_id);

-- The unit's answers (giải trình) to its review, in order.
CREATE TABLE review_answers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    year_id INTEGER NOT NULL REFERENCES years (id) ON DELETE CASCADE,
    round TEXT NOT NULL CHECK (round IN ('midyear', 'yearend')),
    unit_id INTEGER NOT NULL REFERENCES units (id),
    body TEXT NOT NULL,
    user_id INTEGER NOT NULL,
    created_at TEXT NOT NULL
);

CREATE INDEX review_answers_unit ON review_answers (year_id, round, unit_id);

-- A unit excluded from the round's ranking, with the reason; lifting it deletes the row (logged).
CREATE TABLE review_exclusions (
    year_id INTEGER NOT NULL REFERENCES years (id) ON DELETE CASCADE,
    round TEXT NOT NULL CHECK (round IN ('midyear', 'yearend')),
    unit_id INTEGER NOT NULL REFERENCES units (id),
    reason TEXT NOT NULL,
    excluded_by INTEGER NOT NULL,
    excluded_at TEXT NOT NULL,
    PRIMARY KEY (year_id, round, unit_id)
);

-- Whether a round's review is closed (its final scores stand); no row means open.
CREATE TABLE review_rounds (
    year_id INTEGER NOT NULL REFERENCES years (id) ON DELETE CASCADE,
    round TEXT NOT NULL CHECK (round IN ('midyear', 'yearend')),
    status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    changed_by INTEGER NOT NULL,
    changed_at TEXT NOT NULL,
    PRIMARY KEY (year_id, round)
);

-- Who did what when in the review: scores set or kept, extras, answers, exclusions, closing and
-- reopening. `unit_id` is NULL for the round's own events.
CREATE TABLE review_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    year_id INTEGER NOT NULL REFERENCES years (id) ON DELETE CASCADE,
    round TEXT NOT NULL CHECK (round IN ('midyear', 'yearend')),
    unit_id INTEGER REFERENCES units (id),
    action TEXT NOT NULL,
    code TEXT,
    old_value TEXT,
    new_value TEXT,
    detail TEXT,
    user_id INTEGER NOT NULL,
    at TEXT NOT NULL
);

CREATE INDEX review_log_year ON review_log (year_id, id);
