-- What the nodes of a cluster share besides the data: who is up, who is connected where, which
-- presence changes were announced, and the key that signs access tokens.

-- each node's row, its heartbeat in the database's own time (so the nodes' clocks do not matter)
CREATE TABLE nodes (
  id         TEXT        NOT NULL PRIMARY KEY,
  started_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  seen_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- live connections and last activity per user and node; a node's rows stop counting once its
-- heartbeat is older than the liveness limit
CREATE TABLE presence (
  user_id      TEXT   COLLATE "C" NOT NULL,
  node_id      TEXT   NOT NULL,
  connections  INT    NOT NULL,
  last_seen_at BIGINT NOT NULL,
  PRIMARY KEY (user_id, node_id)
);
CREATE INDEX presence_by_node ON presence (node_id);

-- the last presence each user was announced with, so each change is announced once cluster-wide
CREATE TABLE presence_announced (
  user_id TEXT    COLLATE "C" NOT NULL PRIMARY KEY,
  online  BOOLEAN NOT NULL
);
CREATE INDEX presence_announced_online ON presence_announced (user_id) WHERE online;

-- the token signing key every node uses (a private JWK): the first node to start stores it
CREATE TABLE signing_keys (
  id          TEXT        NOT NULL PRIMARY KEY,
  private_jwk TEXT        NOT NULL,
  created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
