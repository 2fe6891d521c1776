-- Full-text search over message bodies: an FTS5 table whose content is the messages themselves
-- (external content: the index holds the words, not a second copy of the text). Triggers keep
-- it in step in the writing transaction: a post adds its words, an edit swaps the old words for
-- the new, a deletion takes them out. Only live messages are in it, so a deleted message or an
-- edited one's old text is never found. unicode61 with remove_diacritics folds case and
-- accents, as the core does (SearchText).
--
-- Each message also carries one word for its conversation, "c<no>" in the scope column: a
-- search ANDs the reader's conversations into the full-text query, so it reads the postings of
-- those conversations instead of every match in the file and filtering them after.

CREATE VIEW message_texts AS
  SELECT position, body, 'c' || conversation_no AS scope FROM messages WHERE deleted = 0;

CREATE VIRTUAL TABLE messages_fts USING fts5 (
  body, scope,
  content = 'message_texts', content_rowid = 'position',
  tokenize = 'unicode61 remove_diacritics 2'
);

INSERT INTO messages_fts (messages_fts) VALUES ('rebuild');

CREATE TRIGGER messages_fts_after_insert AFTER INSERT ON messages WHEN new.deleted = 0 BEGIN
  INSERT INTO messages_fts (rowid, body, scope) VALUES (new.position, new.body, 'c' || new.conversation_no);
END;

CREATE TRIGGER messages_fts_after_update AFTER UPDATE OF body, deleted ON messages
  WHEN old.body IS NOT new.body OR old.deleted IS NOT new.deleted BEGIN
  INSERT INTO messages_fts (messages_fts, rowid, body, scope)
    SELECT 'delete', old.position, old.body, 'c' || old.conversation_no WHERE old.deleted = 0;
  INSERT INTO messages_fts (rowid, body, scope)
    SELECT new.position, new.body, 'c' || new.conversation_no WHERE new.deleted = 0;
END;

CREATE TRIGGER messages_fts_after_delete AFTER DELETE ON messages WHEN old.deleted = 0 BEGIN
  INSERT INTO messages_fts (messages_fts, rowid, body, scope)
    VALUES ('delete', old.position, old.body, 'c' || old.conversation_no);
END;
