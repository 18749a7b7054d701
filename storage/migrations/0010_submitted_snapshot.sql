-- What a unit submitted, kept apart from its draft (QA qa-assess, defects 1, 4 and 7). Edits
-- after a submission change `assessment_scores` (the draft) only; the review, /summary, the
-- ranking, /export and /documents read this snapshot, so a change counts once it is submitted
-- again. Submitting replaces the unit's rows here in the same transaction; a new scale that
-- reopens the submitted assessments deletes them.
CREATE TABLE assessment_submitted (
    assessment_id INTEGER NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    score TEXT,
    note TEXT,
    PRIMARY KEY (assessment_id, code)
);

-- Assessments submitted before this table existed: their current scores are the best knowledge
-- of what was submitted (the ranking already counted them), so they become the snapshot, and
-- nothing is left pending ("changed after submission" would compare the snapshot to itself).
INSERT INTO assessment_submitted (assessment_id, code, score, note)
SELECT s.assessment_id, s.code, s.score, s.note
FROM assessment_scores s JOIN assessments a ON a.id = s.assessment_id
WHERE a.submitted_revision IS NOT NULL;

UPDATE assessments SET submitted_revision = revision WHERE submitted_revision IS NOT NULL;

-- The unit's submitted self-score a reviewed score was decided against ('0' when the unit gave
-- none; NULL: not known): when the unit submits a different one, the reviewers are told and
-- their screens flag the decision.
ALTER TABLE review_scores ADD COLUMN self_score TEXT;

UPDATE review_scores SET self_score = COALESCE((
    SELECT s.score FROM assessment_submitted s JOIN assessments a ON a.id = s.assessment_id
    WHERE a.year_id = review_scores.year_id AND a.round = review_scores.round
    AND a.unit_id = review_scores.unit_id AND s.code = review_scores.code
), '0')
WHERE EXISTS (
    SELECT 1 FROM assessments a WHERE a.year_id = review_scores.year_id
    AND a.round = review_scores.round AND a.unit_id = review_scores.unit_id
    AND a.submitted_revision IS NOT NULL
);
