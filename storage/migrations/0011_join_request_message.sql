-- The group message that shows a /join request with its ✅/✖️ (QA qa-roles, defect 1): when the
-- person becomes a delegate of the unit another way (an invite link), the request is settled
-- ('joined') and that message is edited to say so, so that no admin decides it afterwards.
-- NULL for requests made before (their message cannot be found; a press re-checks anyway).
ALTER TABLE join_requests ADD COLUMN message_id INTEGER;
