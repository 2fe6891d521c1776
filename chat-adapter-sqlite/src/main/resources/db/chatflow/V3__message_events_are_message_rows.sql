-- A message.created event is now its message's row: the row holds the event's position as its
-- rowid. Each post used to write an events row and an events_broadcast entry as well, in the
-- middle of that index: half the writer's work per post and about 20 of the ~50 pages a group
-- commit of 32 posts wrote. Replay reads a conversation's new messages from the newest back to
-- the cursor; within a conversation, positions grow with seq (the one writer hands out both).

CREATE INDEX message_created_by_seq ON events (conversation_id, seq) WHERE type = 'message.created';

CREATE TABLE messages_v3 (
  -- the position of the message.created event; messages whose event was pruned get
  -- negative positions, growing with seq, below any cursor that is not gone
  position          INTEGER PRIMARY KEY,
  conversation_id   TEXT    NOT NULL REFERENCES conversations (id),
  seq               INTEGER NOT NULL,
  id                TEXT    NOT NULL,
  sender_id         TEXT    NOT NULL REFERENCES users (id),
  body              TEXT    NOT NULL,
  created_at        INTEGER NOT NULL,
  edited_at         INTEGER,
  deleted           INTEGER NOT NULL,
  client_message_id TEXT,
  UNIQUE (conversation_id, seq)
);

INSERT INTO messages_v3 (position, conversation_id, seq, id, sender_id, body, created_at, edited_at, deleted,
    client_message_id)
SELECT COALESCE(
         (SELECT e.position FROM events e
          WHERE e.type = 'message.created' AND e.conversation_id = m.conversation_id AND e.seq = m.seq),
         -ROW_NUMBER() OVER (ORDER BY m.conversation_id DESC, m.seq DESC)),
       m.conversation_id, m.seq, m.id, m.sender_id, m.body, m.created_at, m.edited_at, m.deleted, m.client_message_id
FROM messages m;

DELETE FROM events WHERE type = 'message.created';
DROP INDEX message_created_by_seq;
DROP TABLE messages;
ALTER TABLE messages_v3 RENAME TO messages;
CREATE UNIQUE INDEX messages_by_client_id
  ON messages (conversation_id, sender_id, client_message_id) WHERE client_message_id IS NOT NULL;
