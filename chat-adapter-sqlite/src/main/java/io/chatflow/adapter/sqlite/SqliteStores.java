package io.chatflow.adapter.sqlite;

import io.chatflow.ports.out.ConversationStore;
import io.chatflow.ports.out.EventStore;
import io.chatflow.ports.out.MessageStore;
import io.chatflow.ports.out.SessionStore;
import io.chatflow.ports.out.Transactions;
import io.chatflow.ports.out.UserStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every storage port on one SQLite file: WAL, synchronous=FULL, one group-commit writer
 * and a small read-only pool. Presence and the event fan-out are not here: they stay
 * in-process. Opening runs pending migrations first.
 */
public final class SqliteStores implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SqliteStores.class);

  private final SqliteSettings settings;
  private final Database db;
  private final GroupCommit transactions;
  private final SqliteUserStore users;
  private final SqliteSessionStore sessions;
  private final SqliteConversationStore conversations;
  private final SqliteMessageStore messages;
  private final SqliteEventStore events;

  private SqliteStores(SqliteSettings settings, Database db) {
    this.settings = settings;
    this.db = db;
    this.transactions = new GroupCommit(db, settings.maxBatch());
    this.users = new SqliteUserStore(db);
    this.sessions = new SqliteSessionStore(db);
    this.conversations = new SqliteConversationStore(db);
    this.messages = new SqliteMessageStore(db);
    this.events = new SqliteEventStore(db, transactions);
  }

  /**
   * Opens (creating when missing) the database file and brings its schema up to date.
   *
   * @throws SqliteStoreException when the file cannot be opened, is not a ChatFlow
   *     database, or has a schema newer than this build
   */
  public static SqliteStores open(SqliteSettings settings) {
    String version = Schema.migrate(settings);
    SqliteStores stores = new SqliteStores(settings, new Database(settings));
    log.info("event=sqlite_opened file={} schema={} readers={}", settings.file(), version, settings.readers());
    return stores;
  }

  /** Applies pending migrations without opening the stores ({@code chatflow dbsetup}); returns the schema version. */
  public static String migrate(SqliteSettings settings) {
    return Schema.migrate(settings);
  }

  public UserStore users() {
    return users;
  }

  public SessionStore sessions() {
    return sessions;
  }

  public ConversationStore conversations() {
    return conversations;
  }

  public MessageStore messages() {
    return messages;
  }

  public EventStore events() {
    return events;
  }

  public Transactions transactions() {
    return transactions;
  }

  /** Whether the database answers a read now (for GET /ready). */
  public boolean ready() {
    return db.ready();
  }

  Database database() {
    return db;
  }

  GroupCommit groupCommit() {
    return transactions;
  }

  /** Finishes the queued writes, then closes every connection. */
  @Override
  public void close() {
    transactions.close();
    db.close();
    log.info("event=sqlite_closed file={}", settings.file());
  }
}
