-- Token buckets every node takes write permits from (posts, edits, reactions, ... per user and
-- per address), kept as GCRA: the instant each is full again. A row whose instant has passed is
-- a full bucket, the same as no row: a sweep deletes it. admitted is what the last take decided
-- (RETURNING shows only the row as written, so the take reads its own answer there).
CREATE TABLE rate_buckets (
  key      TEXT    NOT NULL PRIMARY KEY,
  full_at  BIGINT  NOT NULL,
  admitted BOOLEAN NOT NULL
);
CREATE INDEX rate_buckets_by_full_at ON rate_buckets (full_at);

-- the SSE streams and WebSockets among each user's connections on each node, for the
-- streams-per-user limit (a waiting long poll is a connection, not a stream)
ALTER TABLE presence ADD COLUMN streams INT NOT NULL DEFAULT 0;
