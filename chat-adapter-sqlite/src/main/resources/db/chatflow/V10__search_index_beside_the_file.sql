-- The search index leaves the database file for a file of its own beside it
-- ("chatflow.db-search", see SearchIndex): there another connection, the indexer's, writes it
-- right behind the writer, in the commit order, instead of the writer itself in every writing
-- transaction. FTS5 flushes its pending words as a new segment at every commit, which cost the
-- single writer about 40 us a post, 40% of its throughput; the indexer pays it once per
-- thousands of posts, on another core. What the index holds is derived from messages and events
-- alone, so it is rebuilt whenever it is missing or belongs to another file (the id below).
DROP TRIGGER message_words_after_insert;
DROP TRIGGER message_words_after_update;
DROP TRIGGER message_words_after_delete;
DROP TABLE message_words;

CREATE TABLE search_index (
  id       INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
  file_id  TEXT    NOT NULL
);
INSERT INTO search_index (id, file_id) VALUES (1, lower(hex(randomblob(16))));
