package io.chatflow.adapter.postgres;

import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import io.chatflow.ports.out.ClusterBus;
import io.chatflow.ports.out.ConversationStore;
import io.chatflow.ports.out.CounterStore;
import io.chatflow.ports.out.EventStore;
import io.chatflow.ports.out.MessageStore;
import io.chatflow.ports.out.PresenceStore;
import io.chatflow.ports.out.SigningKeyStore;
import io.chatflow.ports.out.SearchStore;
import io.chatflow.ports.out.SessionStore;
import io.chatflow.ports.out.StorePorts;
import io.chatflow.ports.out.Transactions;
import io.chatflow.ports.out.UserStore;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every storage port on one PostgreSQL schema: a HikariCP pool of pgjdbc connections, schema
 * through Flyway. Many ChatFlow processes may share the schema; {@link #bus} connects them.
 * Opening runs pending migrations first.
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
  private final PostgresBus bus;
  private final PostgresPresence presence;
  private final PostgresSigningKeys signingKeys;
  private final PostgresCounters counters;
  private final NodeRegistry registry;
  private final PostgresSearchStore search;

  private PostgresStores(Database db, PostgresSettings settings) {
    this.db = db;
    this.bus = new PostgresBus(settings);
    this.presence = new PostgresPresence(db, bus.node());
    this.signingKeys = new PostgresSigningKeys(db);
    this.counters = new PostgresCounters(db);
    this.registry = new NodeRegistry(db, bus.node(), presence);
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
    PostgresStores stores = new PostgresStores(new Database(settings), settings);
    log.info("event=postgres_opened url={} schema={} version={} pool={}", settings.url(), settings.schema(), version,
        settings.poolSize());
    return stores;
  }

  /** Applies pending migrations without opening the stores ({@code chatflow dbsetup}); returns the schema version. */
  public static String migrate(PostgresSettings settings) {
    return Schema.migrate(settings);
  }

  /** The member ids this process keeps (for tests). */
  MemberIdCache memberIdCache() {
    return db.memberIdCache();
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

  /** The LISTEN/NOTIFY bus to the other processes on this schema (started by whoever receives its notices). */
  @Override
  public Optional<ClusterBus> bus() {
    return Optional.of(bus);
  }

  /** Presence across every process on this schema. */
  @Override
  public Optional<PresenceStore> presence() {
    return Optional.of(presence);
  }

  /** The token signing key every process on this schema uses. */
  @Override
  public Optional<SigningKeyStore> signingKeys() {
    return Optional.of(signingKeys);
  }

  @Override
  public Optional<CounterStore> counters() {
    return Optional.of(counters);
  }

  /** Whether the database answers a query now and the bus listens (for GET /ready). */
  @Override
  public boolean ready() {
    return bus.reachable() && db.ready();
  }

  /** Lets the queued writes finish, then closes every connection. */
  @Override
  public void close() {
    transactions.close();
    bus.close(); // after the last writes: their notices still go out
    registry.close();
    db.close();
    log.info("event=postgres_closed");
  }
}
