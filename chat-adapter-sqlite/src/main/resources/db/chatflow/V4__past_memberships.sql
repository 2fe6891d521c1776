-- A member's ended memberships: what happened in the conversation from since_event through
-- until_event stays in their replay after they left or were removed (the member row is gone).
CREATE TABLE past_members (
  conversation_id TEXT    NOT NULL,
  user_id         TEXT    NOT NULL,
  since_event     INTEGER NOT NULL,
  until_event     INTEGER NOT NULL
);
CREATE INDEX past_members_by_user ON past_members (user_id, until_event);
