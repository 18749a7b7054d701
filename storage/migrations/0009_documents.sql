-- Year-end documents (biên bản, tờ trình, bảng tổng hợp điểm, báo cáo tổng kết): what a bloc
-- keeps so that a re-draft gives the same document. Instants are ISO-8601 text in UTC.

-- The bloc's letterhead and signer, asked the first time a document is drafted and kept.
-- `recipients` is a JSON list of lines ("Nơi nhận"); the first is also the addressee
-- ("Kính gửi") of the proposal letter.
CREATE TABLE document_settings (
    bloc_id INTEGER PRIMARY KEY REFERENCES blocs (id) ON DELETE CASCADE,
    parent_body TEXT NOT NULL DEFAULT '',
    issuing_body TEXT NOT NULL,
    place_name TEXT NOT NULL,
    signer_title TEXT NOT NULL,
    signer_name TEXT NOT NULL,
    number_prefix TEXT NOT NULL,
    recipients TEXT NOT NULL,
    set_by INTEGER NOT NULL,
    set_at TEXT NOT NULL
);

-- A template a bloc uploaded in place of a default one, per document and language.
CREATE TABLE document_templates (
    bloc_id INTEGER NOT NULL REFERENCES blocs (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    lang TEXT NOT NULL,
    body BLOB NOT NULL,
    sha256 TEXT NOT NULL,
    set_by INTEGER NOT NULL,
    set_at TEXT NOT NULL,
    PRIMARY KEY (bloc_id, name, lang)
);

-- The bình xét meeting of a year, as the admin typed it for the minutes: its date (a calendar
-- date in the bloc's zone), its place, and units present beyond those that cast a ballot
-- (a JSON list of unit ids).
CREATE TABLE document_meetings (
    year_id INTEGER PRIMARY KEY REFERENCES years (id) ON DELETE CASCADE,
    held_on TEXT NOT NULL,
    place TEXT NOT NULL,
    extra_units TEXT NOT NULL DEFAULT '[]',
    set_by INTEGER NOT NULL,
    set_at TEXT NOT NULL
);
