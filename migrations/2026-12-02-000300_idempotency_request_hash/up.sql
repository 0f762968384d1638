-- An idempotency key is bound to the request body it first came with (a SHA-256), and keys
-- expire after 24 hours (issue 9.8); the index makes purging the expired ones cheap.
ALTER TABLE idempotency_keys ADD COLUMN request_hash bytea;
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
