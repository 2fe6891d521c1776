-- Sessions people can see and end, and accounts they can deactivate.
-- A session shows its owner when it was last used and what started it. An ended session
-- expires when it ends (the store sets expires_at then), so pruning needs only the expiry
-- index; sessions that ended before this version expire at their creation.
ALTER TABLE users ADD COLUMN deactivated BOOLEAN NOT NULL DEFAULT FALSE;

ALTER TABLE sessions ADD COLUMN last_used_at BIGINT;
ALTER TABLE sessions ADD COLUMN user_agent TEXT;
ALTER TABLE sessions ADD COLUMN address TEXT;
UPDATE sessions SET last_used_at = created_at;
UPDATE sessions SET expires_at = created_at WHERE revoked AND expires_at > created_at;
ALTER TABLE sessions ALTER COLUMN last_used_at SET NOT NULL;

-- a user's sessions newest first
DROP INDEX sessions_by_user;
CREATE INDEX sessions_by_user ON sessions (user_id, created_at, id COLLATE "C");
CREATE INDEX sessions_by_expiry ON sessions (expires_at);
