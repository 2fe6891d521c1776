/**
 * The SQLite store: every storage port of chat-ports on one database file.
 *
 * <ul>
 *   <li>{@link io.chatflow.adapter.sqlite.SqliteStores#open} runs pending Flyway migrations
 *       ({@code db/chatflow/V*.sql}, all pending ones in one transaction), then opens one writer
 *       connection ({@code WriterConnection}) and a small read-only pool ({@code ReadConnections}),
 *       both HikariCP over a {@code SQLiteDataSource} configured through {@code SQLiteConfig}
 *       ({@code DataSources}): WAL, {@code synchronous=FULL}, foreign keys, busy timeout, journal
 *       size limit. Every failure to open is a {@link io.chatflow.adapter.sqlite.SqliteStoreException}
 *       with a plain message.
 *   <li>Writes go through group commit ({@code GroupCommit}): callers queue their work (a
 *       {@code WriteJob}); one writer thread runs a batch of works in one {@code BEGIN IMMEDIATE}
 *       transaction and commits once (a work that fails after it may have written makes the batch
 *       run again, each work in its own savepoint: {@code WriteUnits}); a completer thread
 *       ({@code Completer}) then runs the after-commit actions in order and releases the callers
 *       while the writer runs the next batch (when nothing waits and the completer is idle, the
 *       writer completes the batch itself). Store calls find their connection through the
 *       {@code Statements} that {@code Database} binds to the thread.
 *   <li>The writer keeps conversation rows, member rows, member ids and accounts in a
 *       {@code WriteCache}, stages changes to conversations and members and writes each changed
 *       row once per batch before COMMIT (and before any writer-side SQL that reads those
 *       tables); it numbers event positions itself ({@code EventPositions}).
 *       The cache is emptied when another connection or process committed ({@code PRAGMA
 *       data_version}) and when a batch fails; a work that fails undoes its part ({@code UndoLog}).
 *   <li>Reads run on the caller's thread: {@code Transactions.read} in one read transaction (one
 *       snapshot), a lone store read on a pooled connection for that one statement. Every
 *       connection keeps its prepared statements.
 *   <li>A message.created event is its message's row (V3): the row's rowid is the event's position,
 *       so a post writes one row, not a message row and an event row, and
 *       {@code MessageStore.insert} returns the event at the position it gave the row. {@code SqliteEventStore}
 *       reads a conversation's messages after a cursor from the newest back, as positions grow
 *       with seq within a conversation.
 *   <li>Messages are keyed by their conversation's number, not its id (V5): an 8-byte key in the
 *       index every post writes in the middle of, so fewer of its pages are rebalanced per commit.
 *       Reads look the number up first; the writer keeps the numbers in its cache.
 *   <li>Each store keeps its SQL together at the top of its class and maps rows by hand. Instants
 *       are INTEGER nanoseconds since the epoch. {@code QueryPlanTest} holds every statement to an
 *       index.
 * </ul>
 */
package io.chatflow.adapter.sqlite;
