-- Self-assessments (tự chấm điểm): one per unit, year and round, shared by the unit's delegates.
-- Every score, note and evidence file is stored the moment it arrives. Points are decimal text
-- ("8.5"), never REAL. Instants are ISO-8601 text in UTC.

-- `revision` grows with every stored change; a change made on an older view of an item is
-- refused. `submitted_revision` is the revision that was submitted (NULL: not submitted), so a
-- later change shows as "changed after submission". `scale_id` is the scale version the
-- assessment was last submitted (or started) against. `reopened_at` is set while an admin lets
-- the unit change it after the round's deadline; submitting again clears it.
CREATE TABLE assessments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    year_id INTEGER NOT NULL REFERENCES years (id) ON DELETE CASCADE,
    unit_id INTEGER NOT NULL REFERENCES units (id),
    round TEXT NOT NULL CHECK (round IN ('midyear', 'yearend')),
    scale_id INTEGER NOT NULL REFERENCES scale_versions (id),
    revision INTEGER NOT NULL DEFAULT 0,
    submitted_revision INTEGER,
    submitted_total TEXT,
    submitted_by INTEGER,
    submitted_at TEXT,
    first_submitted_at TEXT,
    reopened_by INTEGER,
    reopened_at TEXT,
    reopen_reason TEXT,
    created_at TEXT NOT NULL,
    updated_by INTEGER,
    updated_at TEXT,
    UNIQUE (year_id, unit_id, round)
);

-- One row per scored item; `score` is NULL while only a note or evidence is there.
-- `revision` is the assessment's revision when this item last changed.
CREATE TABLE assessment_scores (
    assessment_id INTEGER NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    score TEXT,
    note TEXT,
    revision INTEGER NOT NULL,
    updated_by INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (assessment_id, code)
);

-- Tài liệu minh chứng: a note's text, or a Telegram file id with the name it was sent as.
CREATE TABLE assessment_evidence (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    assessment_id INTEGER NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('note', 'file', 'photo')),
    name TEXT NOT NULL,
    file_id TEXT,
    added_by INTEGER NOT NULL,
    added_at TEXT NOT NULL
);

CREATE INDEX assessment_evidence_item ON assessment_evidence (assessment_id, code);

-- What happened to an assessment as a whole: submitted, reopened by an admin (with the reason),
-- reopened by a scale replacement. Scores are not logged here: the table above is the truth.
CREATE TABLE assessment_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    assessment_id INTEGER NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    action TEXT NOT NULL,
    revision INTEGER NOT NULL,
    total TEXT,
    reason TEXT,
    by_user INTEGER NOT NULL,
    at TEXT NOT NULL
);

CREATE INDEX assessment_log_of ON assessment_log (assessment_id);
