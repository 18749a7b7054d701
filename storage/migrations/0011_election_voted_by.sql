-- Who pressed ✅ for the unit (qa-docs #2): a delegate whose receipt was lost in a crash and
-- who presses their old ✅ again is told their unit's ballot is stored, not that "the unit has
-- already voted" as if someone else had. It names the delegate, never the ballot: the ballots
-- table has no link to this row. NULL for ballots cast before this column.
ALTER TABLE election_voted ADD COLUMN voted_by INTEGER;
