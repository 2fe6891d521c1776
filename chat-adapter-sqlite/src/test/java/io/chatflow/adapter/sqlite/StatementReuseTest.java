package io.chatflow.adapter.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatflow.domain.event.EventCursor;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Connections keep their prepared statements; a statement that failed is prepared afresh. */
class StatementReuseTest {
  private final Path directory = TestDatabases.newDirectory();
  private final SqliteSettings settings = TestDatabases.settings(directory);
  private final SqliteStores stores = SqliteStores.open(settings);

  @AfterEach
  void close() {
    stores.close();
    TestDatabases.delete(directory);
  }

  private void sql(String statement) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + settings.file()); Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  @Test
  void aReadThatFailedOnceWorksAgainOnEveryPooledConnection() throws Exception {
    int calls = settings.readers() * 4;
    for (int i = 0; i < calls; i++) {
      assertThat(stores.events().horizon()).isEqualTo(new EventCursor(0));
      assertThat(stores.transactions().write(() -> stores.events().horizon())).isEqualTo(new EventCursor(0));
    }
    sql("ALTER TABLE event_horizon RENAME TO event_horizon_away");
    assertThatThrownBy(() -> stores.events().horizon()).isInstanceOf(SqliteStoreException.class);
    assertThatThrownBy(() -> stores.transactions().write(() -> stores.events().horizon()))
        .isInstanceOf(SqliteStoreException.class);
    sql("ALTER TABLE event_horizon_away RENAME TO event_horizon");

    for (int i = 0; i < calls; i++) {
      assertThat(stores.events().horizon()).isEqualTo(new EventCursor(0));
      assertThat(stores.transactions().write(() -> stores.events().horizon())).isEqualTo(new EventCursor(0));
    }
  }

  @Test
  void statementsOfAReadConnectionThePoolDroppedAreForgotten() throws Exception {
    Database db = stores.database();
    stores.events().horizon();
    assertThat(db.readersWithStatements()).isEqualTo(1);

    Connection dropped = db.evictOneReader();
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    while (!dropped.isClosed()) { // the pool closes it on its own thread
      assertThat(System.nanoTime()).as("closed within 10 s").isLessThan(deadline);
      Thread.onSpinWait();
    }
    stores.events().horizon();

    assertThat(db.readersWithStatements()).as("only the connection now in use").isEqualTo(1);
  }
}
