-- Signing keys can be rotated: the newest key is the one added last, whatever the clocks of the
-- nodes that added them said (created_at is when the key was added, by the adding node's clock).
ALTER TABLE signing_keys ADD COLUMN added_order BIGINT GENERATED ALWAYS AS IDENTITY;
