package io.chatflow.adapter.http;

import io.chatflow.adapter.memory.MemoryStores;
import io.chatflow.adapter.postgres.PostgresSettings;
import io.chatflow.adapter.postgres.PostgresStores;
import io.chatflow.ports.out.ConversationStore;
import io.chatflow.ports.out.EventStore;
import io.chatflow.ports.out.MessageStore;
import io.chatflow.ports.out.SearchStore;
import io.chatflow.ports.out.SessionStore;
import io.chatflow.ports.out.StorePorts;
import io.chatflow.ports.out.Transactions;
import io.chatflow.ports.out.UserStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The stores the HTTP suite runs on: memory, or with {@code CHATFLOW_TEST_STORE=postgres} a
 * fresh schema of the PostgreSQL server that {@code CHATFLOW_TEST_PG_URL} names (as
 * chat-adapter-postgres/run-tests.sh sets it), dropped again on close.
 */
final class TestStores {
  private TestStores() {}

  static StorePorts open() {
    String store = setting("CHATFLOW_TEST_STORE", "memory");
    return switch (store) {
      case "memory" -> new MemoryStores();
      case "postgres" -> postgres();
      default -> throw new IllegalArgumentException("CHATFLOW_TEST_STORE must be memory or postgres, not " + store);
    };
  }

  private static StorePorts postgres() {
    String url = setting("CHATFLOW_TEST_PG_URL", null);
    if (url == null) {
      throw new IllegalStateException("CHATFLOW_TEST_STORE=postgres needs CHATFLOW_TEST_PG_URL");
    }
    String user = setting("CHATFLOW_TEST_PG_USER", System.getProperty("user.name"));
    String password = setting("CHATFLOW_TEST_PG_PASSWORD", "");
    String schema = "http_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    PostgresStores stores = PostgresStores.open(PostgresSettings.of(url, user, password).withSchema(schema).withPoolSize(4));
    return new Dropping(stores, () -> drop(url, user, password, schema));
  }

  private static void drop(String url, String user, String password, String schema) {
    try (Connection connection = DriverManager.getConnection(url, user, password);
        Statement statement = connection.createStatement()) {
      statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop test schema " + schema, e);
    }
  }

  private static String setting(String name, String fallback) {
    String value = System.getProperty(name, System.getenv(name));
    return value == null || value.isBlank() ? fallback : value;
  }

  /** The stores, whose close also removes their schema. */
  private record Dropping(StorePorts stores, Runnable afterClose) implements StorePorts {
    @Override
    public UserStore users() {
      return stores.users();
    }

    @Override
    public SessionStore sessions() {
      return stores.sessions();
    }

    @Override
    public ConversationStore conversations() {
      return stores.conversations();
    }

    @Override
    public MessageStore messages() {
      return stores.messages();
    }

    @Override
    public EventStore events() {
      return stores.events();
    }

    @Override
    public SearchStore search() {
      return stores.search();
    }

    @Override
    public Transactions transactions() {
      return stores.transactions();
    }

    @Override
    public boolean ready() {
      return stores.ready();
    }

    @Override
    public void close() {
      stores.close();
      afterClose.run();
    }
  }
}
