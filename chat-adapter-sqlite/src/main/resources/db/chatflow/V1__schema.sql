-- ChatFlow schema, version 1. Instants are INTEGER nanoseconds since the epoch (UTC).

CREATE TABLE users (
  id                 TEXT    NOT NULL PRIMARY KEY,
  username           TEXT    NOT NULL UNIQUE,
  display_name       TEXT    NOT NULL,
  -- lower-cased in Java (Unicode rules), so prefix search matches what the core means
  display_name_lower TEXT    NOT NULL,
  password_hash      TEXT    NOT NULL,
  created_at         INTEGER NOT NULL
);
CREATE INDEX users_by_display_name ON users (display_name_lower, username);

CREATE TABLE sessions (
  id                 TEXT    NOT NULL PRIMARY KEY,
  user_id            TEXT    NOT NULL REFERENCES users (id),
  refresh_token_hash TEXT    NOT NULL,
  created_at         INTEGER NOT NULL,
  expires_at         INTEGER NOT NULL,
  revoked            INTEGER NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);

-- every refresh token a session ever had, so a rotated-away token is recognised on reuse
CREATE TABLE session_tokens (
  token_hash TEXT NOT NULL PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES sessions (id)
) WITHOUT ROWID;
CREATE INDEX session_tokens_by_session ON session_tokens (session_id);

CREATE TABLE conversations (
  id               TEXT    NOT NULL PRIMARY KEY,
  kind             TEXT    NOT NULL,
  title            TEXT,
  created_at       INTEGER NOT NULL,
  last_activity_at INTEGER NOT NULL,
  last_seq         INTEGER NOT NULL,
  direct_key       TEXT    UNIQUE
);

CREATE TABLE members (
  conversation_id TEXT    NOT NULL REFERENCES conversations (id),
  user_id         TEXT    NOT NULL REFERENCES users (id),
  role            TEXT    NOT NULL,
  joined_at       INTEGER NOT NULL,
  read_seq        INTEGER NOT NULL,
  since_event     INTEGER NOT NULL,
  PRIMARY KEY (conversation_id, user_id)
) WITHOUT ROWID;
CREATE INDEX members_by_user ON members (user_id, conversation_id);

-- rowid table: bodies can be long, which WITHOUT ROWID handles badly
CREATE TABLE messages (
  conversation_id   TEXT    NOT NULL REFERENCES conversations (id),
  seq               INTEGER NOT NULL,
  id                TEXT    NOT NULL,
  sender_id         TEXT    NOT NULL REFERENCES users (id),
  body              TEXT    NOT NULL,
  created_at        INTEGER NOT NULL,
  edited_at         INTEGER,
  deleted           INTEGER NOT NULL,
  client_message_id TEXT,
  PRIMARY KEY (conversation_id, seq)
);
CREATE UNIQUE INDEX messages_by_client_id
  ON messages (conversation_id, sender_id, client_message_id) WHERE client_message_id IS NOT NULL;
-- covers the unread count without touching the bodies
CREATE INDEX messages_live ON messages (conversation_id, seq, sender_id) WHERE deleted = 0;

-- positions come from AUTOINCREMENT: growing with the single writer's commit order, never reused after pruning
CREATE TABLE events (
  position        INTEGER PRIMARY KEY AUTOINCREMENT,
  type            TEXT    NOT NULL,
  conversation_id TEXT    NOT NULL,
  recipient       TEXT,
  at              INTEGER NOT NULL,
  seq             INTEGER NOT NULL,
  subject         TEXT,
  role            TEXT,
  joined_at       INTEGER
);
CREATE INDEX events_broadcast ON events (conversation_id, position) WHERE recipient IS NULL;
CREATE INDEX events_addressed ON events (recipient, position) WHERE recipient IS NOT NULL;

-- the highest pruned position: older cursors are gone
CREATE TABLE event_horizon (
  id       INTEGER PRIMARY KEY CHECK (id = 1),
  position INTEGER NOT NULL
);
INSERT INTO event_horizon (id, position) VALUES (1, 0);
