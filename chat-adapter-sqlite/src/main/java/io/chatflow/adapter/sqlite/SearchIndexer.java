package io.chatflow.adapter.sqlite;

import io.chatflow.domain.UnavailableException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@link SearchIndex} right behind the database: one thread reads what changed after the
 * index's position (new messages, and messages an edit or a deletion event names, as they are now),
 * up to {@link #CHUNK} positions at a time from a read snapshot, and writes it to the index in one
 * transaction. The writer wakes it after each commit, and it gathers commits for a moment before
 * it indexes them; it also looks every second, so nothing depends on a wake-up arriving. A search
 * first waits until the index holds every position that was committed when the search began
 * ({@link #awaitIndexed}): it finds every message posted before it, as when the writer kept the
 * index itself.
 */
final class SearchIndexer implements AutoCloseable {
  static final long CHUNK = 4_000;
  /** How long the indexer lets commits gather before it indexes them, when no search waits. */
  static final Duration GATHER = Duration.ofMillis(50);
  private static final Logger log = LoggerFactory.getLogger(SearchIndexer.class);
  private static final String FILE_ID = "SELECT file_id FROM search_index WHERE id = 1";
  // the messages posted in the range, and those its edits and deletions name, as they are now
  private static final String CHANGES = """
      SELECT m.position, m.conversation_no, m.body, m.deleted FROM messages m
      WHERE m.position > ?1 AND m.position <= ?2
      UNION
      SELECT m.position, m.conversation_no, m.body, m.deleted FROM events e
        JOIN conversations c ON c.id = e.conversation_id
        JOIN messages m ON m.conversation_no = c.no AND m.seq = e.seq
      WHERE e.position > ?1 AND e.position <= ?2 AND e.type IN ('message.updated', 'message.deleted')
      ORDER BY 1""";

  /** Every statement of the indexer on the database, for the query-plan test. */
  static final List<String> STATEMENTS = List.of(FILE_ID, CHANGES);

  private final Database db;
  private final SearchIndex index;
  private final Thread thread;
  private boolean woken;
  private boolean searchWaits;
  private boolean paused;
  private boolean closed;

  SearchIndexer(SearchIndex index, Database db) {
    this.db = db;
    this.index = index;
    long head = db.query(SqliteEventStore::head);
    try {
      String fileId = db.query(tx -> tx.one(FILE_ID, rs -> rs.getString(1))).orElseThrow();
      index.check(fileId, head, db.query(SqliteEventStore::horizon));
    } catch (SQLException e) {
      throw new SqliteStoreException("cannot read the search index: " + e.getMessage(), e);
    }
    if (index.position() < head) {
      log.info("event=search_index_behind from={} to={}", index.position(), head);
    }
    this.thread = new Thread(this::run, "chatflow-sqlite-indexer");
    thread.setDaemon(true);
    thread.start();
  }

  /** After a commit: there may be more to index. */
  synchronized void wake() {
    woken = true;
    notifyAll();
  }

  /**
   * Waits until the index holds every change up to {@code position}.
   *
   * @throws UnavailableException when that takes longer than {@code patience} (the index is being
   *     built, or cannot be written)
   */
  void awaitIndexed(long position, Duration patience) {
    if (index.position() >= position) {
      return;
    }
    long deadline = System.nanoTime() + patience.toNanos();
    synchronized (this) {
      searchWaits = true;
      notifyAll();
      long left;
      while (index.position() < position && (left = deadline - System.nanoTime()) > 0) {
        try {
          wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new UnavailableException("search was interrupted", Duration.ofSeconds(1));
        }
      }
    }
    if (index.position() < position) {
      throw new UnavailableException("the search index is behind (" + (position - index.position())
          + " positions)", Duration.ofSeconds(1));
    }
  }

  /** The position up to which changes are indexed. */
  long indexed() {
    return index.position();
  }

  /** Stops indexing until {@link #resume} (for the benchmark's rounds without the index). */
  synchronized void pause() {
    paused = true;
  }

  synchronized void resume() {
    paused = false;
    notifyAll();
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      notifyAll();
    }
    Threads.joinAll(List.of(thread));
    index.close();
  }

  private void run() {
    while (awaitWork()) {
      try {
        long head = db.query(SqliteEventStore::head);
        while (head > index.position() && !isClosed()) {
          long from = index.position();
          long to = Math.min(head, from + CHUNK);
          List<SearchIndex.Change> changes = db.query(tx -> tx.list(CHANGES,
              rs -> new SearchIndex.Change(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getInt(4) != 0),
              from, to));
          index.apply(changes, to);
          moved();
        }
      } catch (SQLException | RuntimeException e) {
        // the next look (a wake-up or a second from now) tries again from the same position
        log.error("event=search_index_failed position={} error=\"{}\"", index.position(), e.getMessage());
        pauseAfterFailure();
      }
    }
  }

  /** The index's position moved: searches waiting for it look again. */
  private synchronized void moved() {
    notifyAll();
  }

  /**
   * Waits for a search that waits, a commit (then {@link #GATHER} longer, unless a search comes:
   * FTS5 writes a segment per transaction, which costs more than the words of a few posts), or a
   * second; false once closed.
   */
  private synchronized boolean awaitWork() {
    try {
      long gathering = 0;
      while (!closed && (paused || !searchWaits)) {
        if (!paused && woken) {
          long now = System.nanoTime();
          gathering = gathering == 0 ? now + GATHER.toNanos() : gathering;
          if (now >= gathering) {
            break;
          }
          wait(Math.max(1, (gathering - now) / 1_000_000));
        } else {
          wait(1_000);
          if (!paused && !woken) {
            break; // the look every second
          }
        }
      }
    } catch (InterruptedException e) {
      return false;
    }
    woken = false;
    searchWaits = false;
    return !closed;
  }

  private synchronized void pauseAfterFailure() {
    try {
      wait(1_000);
    } catch (InterruptedException e) {
      closed = true;
    }
  }

  private synchronized boolean isClosed() {
    return closed;
  }
}
