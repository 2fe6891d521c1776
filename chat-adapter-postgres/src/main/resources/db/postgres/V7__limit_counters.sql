-- Limit counters every node counts in (failed logins per address and per username), in fixed
-- windows. A row whose window ended is dead: an add starts a new window in it, or a sweep
-- deletes it.
CREATE TABLE limit_counters (
  key         TEXT   NOT NULL PRIMARY KEY,
  window_ends BIGINT NOT NULL,
  value       BIGINT NOT NULL
);
CREATE INDEX limit_counters_by_end ON limit_counters (window_ends);
