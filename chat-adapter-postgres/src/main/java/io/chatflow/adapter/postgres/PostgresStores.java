package io.chatflow.adapter.postgres;

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
 * Every storage port on one PostgreSQL schema: a HikariCP pool of pgjdbc connections, schema
 * through Flyway. Many ChatFlow processes may share the schema. Presence and the event fan-out
 * are not here: they stay in-process. Opening runs pending migrations first.
 */
public final class PostgresStores implements StorePorts {
  private static final Logger log = LoggerFactory.getLogger(PostgresStores.class);

  private final Database db;
  private final PostgresTransactions transactions;
  private final PostgresUserStore users;
  private final PostgresSessionStore sessions;
  private final PostgresConversationStore conversations;
  private final PostgresMessageStore messages;
  private final PostgresEventStore events;
  private final PostgresSearchStore search;

  private PostgresStores(Database db) {
    this.db = db;
    this.transactions = new PostgresTransactions(db);
    this.users = new PostgresUserStore(db);
    this.sessions = new PostgresSessionStore(db);
    this.conversations = new PostgresConversationStore(db);
    this.messages = new PostgresMessageStore(db);
    this.events = new PostgresEventStore(db, transactions);
    this.search = new PostgresSearchStore(db);
  }

  /**
   * Brings the schema up to date, then opens the pool.
   *
   * @throws PostgresUnavailableException when the database cannot be reached
   * @throws PostgresStoreException when the schema cannot be migrated or is newer than this build
   */
  public static PostgresStores open(PostgresSettings settings) {
    String version = Schema.migrate(settings);
    PostgresStores stores = new PostgresStores(new Database(settings));
    log.info("event=postgres_opened url={} schema={} version={} pool={}", settings.url(), settings.schema(), version,
        settings.poolSize());
    return stores;
  }

  /** Applies pending migrations without opening the stores ({@code chatflow dbsetup}); returns the schema version. */
  public static String migrate(PostgresSettings settings) {
    return Schema.migrate(settings);
  }

  /** Reports the connection pool's use to {@code metrics} (once, after opening). */
  public void trackPool(MetricsTrackerFactory metrics) {
    db.trackPool(metrics);
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

  /** Whether the database answers a query now (for GET /ready). */
  @Override
  public boolean ready() {
    return db.ready();
  }

  /** Lets the queued writes finish, then closes every connection. */
  @Override
  public void close() {
    transactions.close();
    db.close();
    log.info("event=postgres_closed");
  }
}
