package io.chatflow.adapter.postgres;

import io.chatflow.domain.user.Account;
import io.chatflow.domain.user.User;
import io.chatflow.domain.user.UserId;
import io.chatflow.domain.user.Username;
import io.chatflow.ports.out.UserStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

final class PostgresUserStore implements UserStore {
  static final String COLUMNS = "id, username, display_name, password_hash, created_at, deactivated";
  private static final String SAVE = """
      INSERT INTO users (id, username, display_name, display_name_lower, password_hash, created_at, deactivated)
      VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET username = excluded.username, display_name = excluded.display_name,
        display_name_lower = excluded.display_name_lower, password_hash = excluded.password_hash,
        created_at = excluded.created_at, deactivated = excluded.deactivated""";
  private static final String BY_ID = "SELECT " + COLUMNS + " FROM users WHERE id = ?";
  // NO KEY: the lock does not block inserts of rows that refer to the user (members, sessions)
  private static final String FOR_UPDATE = BY_ID + " FOR NO KEY UPDATE";
  private static final String FOR_UPDATE_NOWAIT = FOR_UPDATE + " NOWAIT";
  private static final String BY_USERNAME = "SELECT " + COLUMNS + " FROM users WHERE username = ?";
  private static final String ALL_BY_ID = "SELECT " + COLUMNS + " FROM users WHERE id = ANY (?)";
  private static final String PAGE = "SELECT " + COLUMNS + " FROM users WHERE username > ? ORDER BY username LIMIT ?";
  // two index ranges (username, lower-cased display name) merged in username order; "C" order is code point order
  private static final String SEARCH = """
      SELECT %1$s FROM users WHERE username >= ? AND username < ? AND username > ?
      UNION
      SELECT %1$s FROM users WHERE display_name_lower >= ? AND display_name_lower < ? AND username > ?
      ORDER BY username LIMIT ?""".formatted(COLUMNS);

  private final Database db;

  PostgresUserStore(Database db) {
    this.db = db;
  }

  @Override
  public void save(Account account) {
    User user = account.user();
    db.change(tx -> {
      tx.readAhead().forget(user.id());
      return tx.updateUnique("username is taken", SAVE, user.id().value(), user.username().value(),
        user.displayName(), user.displayName().toLowerCase(Locale.ROOT), account.passwordHash(), user.createdAt(),
        user.deactivated());
    });
  }

  @Override
  public Optional<Account> findById(UserId id) {
    return db.query(tx -> {
      Optional<Account> ahead = tx.writable() ? tx.readAhead().account(id) : null;
      return ahead != null ? ahead : tx.one(BY_ID, PostgresUserStore::account, id.value());
    });
  }

  @Override
  public Optional<Account> findForUpdate(UserId id) {
    return db.change(tx -> {
      tx.readAhead().forget(id);
      // the locking read returns the row as committed by whoever held the lock before
      return tx.one(tx.mayWaitForLocks() ? FOR_UPDATE : FOR_UPDATE_NOWAIT, PostgresUserStore::account, id.value());
    });
  }

  @Override
  public Optional<Account> findByUsername(Username username) {
    return db.query(tx -> tx.one(BY_USERNAME, PostgresUserStore::account, username.value()));
  }

  @Override
  public List<User> findAllById(Collection<UserId> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    String[] values = ids.stream().map(UserId::value).toArray(String[]::new);
    return db.query(tx -> tx.list(ALL_BY_ID, rs -> account(rs).user(), (Object) values));
  }

  @Override
  public List<User> search(String prefix, String afterUsername, int limit) {
    String after = afterUsername == null ? "" : afterUsername;
    if (prefix.isEmpty()) {
      return db.query(tx -> tx.list(PAGE, rs -> account(rs).user(), after, limit));
    }
    String end = prefixEnd(prefix);
    return db.query(tx -> tx.list(SEARCH, rs -> account(rs).user(), prefix, end, after, prefix, end, after, limit));
  }

  /** The least string above every string that starts with {@code prefix} (in code point order). */
  static String prefixEnd(String prefix) {
    int last = prefix.codePointBefore(prefix.length());
    String head = prefix.substring(0, prefix.length() - Character.charCount(last));
    int next = last + 1;
    if (next >= Character.MIN_SURROGATE && next <= Character.MAX_SURROGATE) {
      next = Character.MAX_SURROGATE + 1;
    }
    if (next > Character.MAX_CODE_POINT) {
      // nothing sorts above U+10FFFF: bound by the prefix followed by the highest code point, twice
      return prefix + new String(Character.toChars(Character.MAX_CODE_POINT)).repeat(2);
    }
    return head + new String(Character.toChars(next));
  }

  /** Reads the columns in {@link #COLUMNS} order. */
  static Account account(ResultSet rs) throws SQLException {
    User user = new User(new UserId(rs.getString(1)), new Username(rs.getString(2)), rs.getString(3),
        Times.instant(rs.getLong(5)), rs.getBoolean(6));
    return new Account(user, rs.getString(4));
  }
}
