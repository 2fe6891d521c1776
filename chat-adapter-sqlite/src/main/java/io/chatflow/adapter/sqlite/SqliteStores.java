package io.chatflow.adapter.sqlite;

import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import io.chatflow.ports.out.ConversationStore;
import io.chatflow.ports.out.EventStore;
import io.chatflow.ports.out.MessageStore;
import io.chatflow.ports.out.SearchStore;
import io.chatflow.ports.out.SessionStore;
import io.chatflow.ports.out.StorePorts;
import io.chatflow.ports.out.Transactions;
import io.chatflow.ports.out.UserStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every storage port on one SQLite file: WAL, synchronous=FULL, one group-commit writer
 * and a small read-only pool, and the search index in a file beside it that an indexer thread
 * keeps right behind the writer ({@link SearchIndexer}). Presence and the event fan-out are not here: they stay
 * in-process. Opening runs pending migrations first.
 */
public final class SqliteStores implements StorePorts {
  private static final Logger log = LoggerFactory.getLogger(SqliteStores.class);

  private final SqliteSettings settings;
  private final FileOwner owner;
  private final Database db;
  private final GroupCommit transactions;
  private final SqliteUserStore users;
  private final SqliteSessionStore sessions;
  private final SqliteConversationStore conversations;
  private final SqliteMessageStore messages;
  private final SqliteEventStore events;
  private final SqliteSearchStore search;
  private final SearchIndexer indexer;

  private SqliteStores(SqliteSettings settings, FileOwner owner, Database db, SearchIndex index) {
    this.settings = settings;
    this.owner = owner;
    this.db = db;
    // a store beside the owner (tests only) reads the owner's index and never writes it
    this.indexer = owner == null ? null : new SearchIndexer(index, db);
    if (owner == null) {
      index.close();
    }
    this.transactions = new GroupCommit(db, settings.maxBatch());
    this.users = new SqliteUserStore(db);
    this.sessions = new SqliteSessionStore(db);
    this.conversations = new SqliteConversationStore(db);
    this.messages = new SqliteMessageStore(db);
    this.events = new SqliteEventStore(db, transactions);
    if (indexer != null) {
      transactions.onCommit(indexer::wake);
    }
    this.search = new SqliteSearchStore(db, indexer);
  }

  /**
   * Opens (creating when missing) the database file and brings its schema up to date.
   *
   * @throws SqliteStoreException when the file cannot be opened, is not a ChatFlow
   *     database, has a schema newer than this build, or is open in another ChatFlow
   */
  public static SqliteStores open(SqliteSettings settings) {
    return open(settings, true);
  }

  /**
   * Opens a store beside one that owns the file: what another writer (a tool, a script) does
   * to the file, for the tests of the writer's cache. Never for serving.
   */
  static SqliteStores openBesideTheOwner(SqliteSettings settings) {
    return open(settings, false);
  }

  private static SqliteStores open(SqliteSettings settings, boolean own) {
    String version = Schema.migrate(settings); // first: it refuses a file that is not ours, untouched
    FileOwner owner = own ? FileOwner.claim(settings.file()) : null;
    SqliteStores stores;
    SearchIndex index = null;
    Database db = null;
    try {
      index = SearchIndex.open(settings); // before the read connections, which attach it
      db = new Database(settings);
      stores = new SqliteStores(settings, owner, db, index);
    } catch (RuntimeException e) {
      if (db != null) {
        db.close();
      }
      if (index != null) {
        index.close();
      }
      if (owner != null) {
        owner.close();
      }
      throw e;
    }
    log.info("event=sqlite_opened file={} schema={} readers={}", settings.file(), version, settings.readers());
    return stores;
  }

  /** Applies pending migrations without opening the stores ({@code chatflow dbsetup}); returns the schema version. */
  public static String migrate(SqliteSettings settings) {
    return Schema.migrate(settings);
  }

  /** Reports the connection pools' use to {@code metrics} (once, after opening). */
  public void trackPools(MetricsTrackerFactory metrics) {
    db.trackPools(metrics);
  }

  @Override
  public UserStore users() {
    return users;
  }

  @Override
  public SessionStore sessions() {
    return sessions;
  }

  @Override
  public ConversationStore conversations() {
    return conversations;
  }

  @Override
  public MessageStore messages() {
    return messages;
  }

  @Override
  public EventStore events() {
    return events;
  }

  @Override
  public SearchStore search() {
    return search;
  }

  @Override
  public Transactions transactions() {
    return transactions;
  }

  /** Whether the database answers a read now (for GET /ready). */
  @Override
  public boolean ready() {
    return db.ready();
  }

  Database database() {
    return db;
  }

  GroupCommit groupCommit() {
    return transactions;
  }

  SearchIndexer searchIndexer() {
    return indexer;
  }

  /** Finishes the queued writes, then closes every connection. */
  @Override
  public void close() {
    transactions.close();
    if (indexer != null) {
      indexer.close();
    }
    db.close();
    if (owner != null) {
      owner.close();
    }
    log.info("event=sqlite_closed file={}", settings.file());
  }
}
