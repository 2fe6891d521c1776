package io.chatflow.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflow.domain.user.Account;
import io.chatflow.domain.user.User;
import io.chatflow.domain.user.UserId;
import io.chatflow.domain.user.Username;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two processes change one account at once: another process deactivates alice while this one
 * renames her. The rename reads the account it saves under the row's lock, so it saves the
 * deactivation too instead of undoing it.
 */
@NeedsPostgres
class AccountRaceTest {
  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

  private PostgresSettings settings;
  private PostgresStores stores;
  private final User alice = User.registered(new UserId("u-alice"), Username.of("alice"), "Alice", NOW);

  @BeforeEach
  void alice() {
    settings = TestDatabase.freshSchema();
    stores = PostgresStores.open(settings);
    stores.transactions().write(() -> {
      stores.users().save(new Account(alice, "hash"));
      return null;
    });
  }

  @AfterEach
  void drop() {
    stores.close();
    TestDatabase.drop(settings.schema());
  }

  @Test
  void aRenameWhileAnotherProcessDeactivatesKeepsTheDeactivation() throws Exception {
    try (Connection other = TestDatabase.connect(); Statement statement = other.createStatement()) {
      other.setAutoCommit(false);
      statement.execute("SET search_path TO " + settings.schema());
      statement.execute("UPDATE users SET deactivated = TRUE WHERE id = 'u-alice'");
      CompletableFuture<Void> rename = CompletableFuture.runAsync(() -> stores.transactions().write(() -> {
        Account account = stores.users().findForUpdate(alice.id()).orElseThrow();
        stores.users().save(account.withUser(account.user().renamed("Alice A.")));
        return null;
      }));
      TestDatabase.awaitLockWait("users");
      other.commit();
      rename.get(30, TimeUnit.SECONDS);
    }
    User now = stores.transactions().read(() -> stores.users().findById(alice.id())).orElseThrow().user();
    assertThat(now.displayName()).isEqualTo("Alice A.");
    assertThat(now.deactivated()).isTrue();
  }
}
