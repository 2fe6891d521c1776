-- ChatFlow on PostgreSQL, version 1. Instants are BIGINT nanoseconds since the epoch (UTC): exact,
-- as the core compares them. Names and prefixes compare in code point order (COLLATE "C").
--
-- Distributable by conversation: members (with their read markers), past_members, messages and
-- events lead their primary keys with conversation_id and have no foreign key or unique
-- constraint that spans conversations, so each could be distributed by conversation_id (Citus:
-- create_distributed_table(..., 'conversation_id'), conversations by id, colocated). See README.md.

CREATE TABLE users (
  id                 TEXT   COLLATE "C" NOT NULL PRIMARY KEY,
  username           TEXT   COLLATE "C" NOT NULL UNIQUE,
  display_name       TEXT   NOT NULL,
  -- lower-cased in Java (Unicode rules), so prefix search matches what the core means
  display_name_lower TEXT   COLLATE "C" NOT NULL,
  password_hash      TEXT   NOT NULL,
  created_at         BIGINT NOT NULL
);
CREATE INDEX users_by_display_name ON users (display_name_lower, username);

CREATE TABLE sessions (
  id                 TEXT    NOT NULL PRIMARY KEY,
  user_id            TEXT    NOT NULL REFERENCES users (id),
  refresh_token_hash TEXT    NOT NULL,
  created_at         BIGINT  NOT NULL,
  expires_at         BIGINT  NOT NULL,
  revoked            BOOLEAN NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);

-- every refresh token a session ever had, so a rotated-away token is recognised on reuse
CREATE TABLE session_tokens (
  token_hash TEXT NOT NULL PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES sessions (id)
);
CREATE INDEX session_tokens_by_session ON session_tokens (session_id);

-- every write to a conversation's data locks its row first (SELECT ... FOR NO KEY UPDATE):
-- that is what serialises posters and membership changes, across processes
CREATE TABLE conversations (
  id               TEXT   COLLATE "C" NOT NULL PRIMARY KEY,
  kind             TEXT   NOT NULL,
  title            TEXT,
  created_at       BIGINT NOT NULL,
  last_activity_at BIGINT NOT NULL,
  last_seq         BIGINT NOT NULL,
  -- unique across conversations: a direct conversation per pair (this table is keyed by id, not
  -- one of the per-conversation tables; distributed, it would move to a table keyed by the pair)
  direct_key       TEXT   UNIQUE
);

-- a member's read marker is read_seq
CREATE TABLE members (
  conversation_id TEXT    NOT NULL,
  user_id         TEXT    COLLATE "C" NOT NULL,
  role            TEXT    NOT NULL,
  joined_at       BIGINT  NOT NULL,
  read_seq        BIGINT  NOT NULL,
  since_event     BIGINT  NOT NULL,
  PRIMARY KEY (conversation_id, user_id)
);
-- the per-user feed and the conversation list start here: the one lookup by user
CREATE INDEX members_by_user ON members (user_id, conversation_id);

-- ended memberships: what happened from since_event through until_event stays in the replay
CREATE TABLE past_members (
  conversation_id TEXT   NOT NULL,
  user_id         TEXT   NOT NULL,
  since_event     BIGINT NOT NULL,
  until_event     BIGINT NOT NULL,
  PRIMARY KEY (conversation_id, user_id, since_event)
);
CREATE INDEX past_members_by_user ON past_members (user_id, until_event);

-- A message row is its message.created event: position is the event's place in the log.
CREATE TABLE messages (
  conversation_id   TEXT    NOT NULL,
  seq               BIGINT  NOT NULL,
  position          BIGINT  NOT NULL,
  id                TEXT    NOT NULL,
  sender_id         TEXT    NOT NULL,
  body              TEXT    NOT NULL,
  created_at        BIGINT  NOT NULL,
  edited_at         BIGINT,
  deleted           BOOLEAN NOT NULL,
  client_message_id TEXT,
  PRIMARY KEY (conversation_id, seq)
);
CREATE UNIQUE INDEX messages_by_client_id
  ON messages (conversation_id, sender_id, client_message_id) WHERE client_message_id IS NOT NULL;
CREATE INDEX messages_by_position ON messages (conversation_id, position);

-- every other durable event
CREATE TABLE events (
  conversation_id TEXT   NOT NULL,
  position        BIGINT NOT NULL,
  type            TEXT   NOT NULL,
  recipient       TEXT,
  at              BIGINT NOT NULL,
  seq             BIGINT NOT NULL,
  subject         TEXT,
  role            TEXT,
  joined_at       BIGINT,
  PRIMARY KEY (conversation_id, position)
);
CREATE INDEX events_addressed ON events (recipient, position) WHERE recipient IS NOT NULL;
-- pruning walks the log in position order
CREATE INDEX events_by_position ON events (position);
CREATE INDEX messages_in_log_order ON messages (position);

-- The event clock: the last position handed out. A write takes the next one by updating this
-- row, which it then holds locked until it commits, so positions are handed out in commit order
-- (see README.md: "The event log under concurrent writers").
CREATE TABLE event_clock (
  id       INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
  position BIGINT  NOT NULL
);
INSERT INTO event_clock (id, position) VALUES (1, 0);

-- the highest pruned position: older cursors are gone
CREATE TABLE event_horizon (
  id       INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
  position BIGINT  NOT NULL
);
INSERT INTO event_horizon (id, position) VALUES (1, 0);
