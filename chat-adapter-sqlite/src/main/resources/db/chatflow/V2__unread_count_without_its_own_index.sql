-- Every post inserted into messages_live as well as the table and its primary key: a third
-- B-tree written per message, about a quarter of the pages a group commit writes. The unread
-- count now reads the primary key's range and the rows it points to; an unread count is
-- bounded by how far the reader is behind, and the list pages through conversations.
DROP INDEX messages_live;
