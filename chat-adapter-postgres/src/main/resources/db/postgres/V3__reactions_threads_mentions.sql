-- Reactions, threads and mentions (issue 24). Like every table of a conversation's data, the new
-- ones lead their keys with conversation_id and reference nothing, so they can be distributed by
-- conversation.
-- A reply names its thread's root; the root keeps its count and the time of its last reply. The
-- partial index holds replies only: a post outside any thread adds no entry to it.
ALTER TABLE messages
  ADD COLUMN reply_to      BIGINT,
  ADD COLUMN reply_count   INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN last_reply_at BIGINT,
  -- the ids of the members the body names, space-separated (NULL: nobody), as the message shows them
  ADD COLUMN mentions      TEXT;
CREATE INDEX messages_by_thread ON messages (conversation_id, reply_to, seq) WHERE reply_to IS NOT NULL;

-- one row per person and emoji on a message; ord numbers them as they come, so "in order of
-- first use" is the order of each emoji's lowest ord
CREATE TABLE reactions (
  conversation_id TEXT   NOT NULL,
  seq             BIGINT NOT NULL,
  emoji           TEXT   NOT NULL,
  user_id         TEXT   COLLATE "C" NOT NULL,
  created_at      BIGINT NOT NULL,
  ord             BIGINT GENERATED ALWAYS AS IDENTITY,
  PRIMARY KEY (conversation_id, seq, emoji, user_id)
);

-- whom a message mentions, its sender left out, for the mentions list (newest first) and the
-- mention count (after the read marker); a deleted message has none
CREATE TABLE mentions (
  conversation_id TEXT   COLLATE "C" NOT NULL,
  seq             BIGINT NOT NULL,
  user_id         TEXT   COLLATE "C" NOT NULL,
  created_at      BIGINT NOT NULL,
  PRIMARY KEY (conversation_id, seq, user_id)
);
CREATE INDEX mentions_by_reader ON mentions (user_id, conversation_id, seq);
CREATE INDEX mentions_newest ON mentions (user_id, created_at);

-- a reaction event names its emoji
ALTER TABLE events ADD COLUMN emoji TEXT;
