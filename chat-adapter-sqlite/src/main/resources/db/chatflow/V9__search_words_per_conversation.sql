-- The search index of V8 made every one-word search pay for the whole file: FTS5 reads the full
-- doclist of a prefix before intersecting it with the reader's conversations, and bm25 counts
-- every document holding each word, once per query; for the commonest words that is several
-- hundred thousand postings. Here each word is indexed under its conversation instead
-- ("12_creme" for "Crème" in conversation 12): a search asks for the words of the reader's
-- conversations only, so both the matching and bm25's counts read just their postings. The words
-- come from chatflow_search_words(conversation_no, body), which folds them as the core does
-- (SearchText) and which each ChatFlow connection registers (SearchWords).
--
-- The table is contentless: it keeps no copy of the text, and contentless_delete lets an edit or
-- a deletion take a message's words out by rowid. As before, triggers keep it in step in the
-- writing transaction, and only live messages are in it.

DROP TRIGGER messages_fts_after_insert;
DROP TRIGGER messages_fts_after_update;
DROP TRIGGER messages_fts_after_delete;
DROP TABLE messages_fts;
DROP VIEW message_texts;

CREATE VIRTUAL TABLE message_words USING fts5 (
  words,
  content = '', contentless_delete = 1,
  tokenize = "ascii tokenchars '_'"
);

-- Merge 16 segments of a level at once instead of 4: each posting is rewritten about half as
-- often as the index grows (a post cost the writer about three times as much with the default,
-- as words under their conversations have short doclists), for a few more segments per query.
-- Up to 64 segments may wait on a level before a merge is forced: at 16 the forced (and
-- whole) merges would stand in for the incremental ones.
INSERT INTO message_words (message_words, rank) VALUES ('automerge', 16);
INSERT INTO message_words (message_words, rank) VALUES ('crisismerge', 64);

INSERT INTO message_words (rowid, words)
  SELECT position, chatflow_search_words(conversation_no, body) FROM messages WHERE deleted = 0;
-- one segment, so the first posts after the upgrade do not pay for merging the fill's segments
INSERT INTO message_words (message_words) VALUES ('optimize');

CREATE TRIGGER message_words_after_insert AFTER INSERT ON messages WHEN new.deleted = 0 BEGIN
  INSERT INTO message_words (rowid, words)
    VALUES (new.position, chatflow_search_words(new.conversation_no, new.body));
END;

CREATE TRIGGER message_words_after_update AFTER UPDATE OF body, deleted ON messages
  WHEN old.body IS NOT new.body OR old.deleted IS NOT new.deleted BEGIN
  DELETE FROM message_words WHERE rowid = old.position AND old.deleted = 0;
  INSERT INTO message_words (rowid, words)
    SELECT new.position, chatflow_search_words(new.conversation_no, new.body) WHERE new.deleted = 0;
END;

CREATE TRIGGER message_words_after_delete AFTER DELETE ON messages WHEN old.deleted = 0 BEGIN
  DELETE FROM message_words WHERE rowid = old.position;
END;
