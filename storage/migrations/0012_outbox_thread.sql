-- The forum topic (`message_thread_id`) an outbox message goes to (QA: a reply kept over a stop
-- came in the General topic): an answer the notifier sends for a handler (a reply the rate
-- limiter held at a stop, a stored action's outcome when Telegram failed) goes to the topic the
-- person wrote in. NULL: the General topic, a group without topics, or a private chat.
ALTER TABLE outbox ADD COLUMN message_thread_id INTEGER;
