-- Whether the reviewers have seen a unit's answer (giải trình) to its review (QA qa8 #3: the
-- answers reached nobody). `seen_at`: the first time a reviewer of the round was shown the
-- unit's review screen, which lists every answer, after the answer was sent (see
-- `bot.usecases.review_answers`); `seen_by`: that reviewer. NULL: not seen yet, so the round's
-- list marks the unit and closing the review counts it. Answers stored before this column are
-- left unseen: nothing says a reviewer read them.
ALTER TABLE review_answers ADD COLUMN seen_at TEXT;

ALTER TABLE review_answers ADD COLUMN seen_by INTEGER;
