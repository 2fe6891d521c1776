-- Reactions, threads and mentions (issue 24).
-- A reply is an ordinary message that names its thread's root; the root keeps its count and
-- the time of its last reply, so a page of messages needs no count per message. Replies are
-- found through a partial index: a post outside any thread adds no entry to it.
ALTER TABLE messages ADD COLUMN reply_to INTEGER;
ALTER TABLE messages ADD COLUMN reply_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN last_reply_at INTEGER;
-- the ids of the members the body names, space-separated (NULL: nobody), as the message shows them
ALTER TABLE messages ADD COLUMN mentions TEXT;
CREATE INDEX messages_by_thread ON messages (conversation_no, reply_to, seq) WHERE reply_to IS NOT NULL;

-- one row per person and emoji on a message; the rowid orders them, so "in order of first use"
-- is the order of each emoji's oldest row
CREATE TABLE reactions (
  conversation_no INTEGER NOT NULL REFERENCES conversations (no),
  seq             INTEGER NOT NULL,
  emoji           TEXT    NOT NULL,
  user_id         TEXT    NOT NULL REFERENCES users (id),
  created_at      INTEGER NOT NULL,
  PRIMARY KEY (conversation_no, seq, emoji, user_id)
);

-- whom a message mentions, its sender left out, for the mentions list (newest first) and the
-- mention count (after the read marker); a deleted message has none
CREATE TABLE mentions (
  conversation_no INTEGER NOT NULL REFERENCES conversations (no),
  seq             INTEGER NOT NULL,
  user_id         TEXT    NOT NULL REFERENCES users (id),
  created_at      INTEGER NOT NULL,
  PRIMARY KEY (conversation_no, seq, user_id)
);
CREATE INDEX mentions_by_reader ON mentions (user_id, conversation_no, seq);
CREATE INDEX mentions_newest ON mentions (user_id, created_at);

-- a reaction event names its emoji
ALTER TABLE events ADD COLUMN emoji TEXT;
