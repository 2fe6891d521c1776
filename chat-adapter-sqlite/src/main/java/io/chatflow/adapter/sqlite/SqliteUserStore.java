package io.chatflow.adapter.sqlite;

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

final class SqliteUserStore implements UserStore {
  private static final String COLUMNS = "id, username, display_name, password_hash, created_at, deactivated";
  private static final String SAVE = """
      INSERT INTO users (id, username, display_name, display_name_lower, password_hash, created_at, deactivated)
      VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET username = excluded.username, display_name = excluded.display_name,
        display_name_lower = excluded.display_name_lower, password_hash = excluded.password_hash,
        created_at = excluded.created_at, deactivated = excluded.deactivated""";
  private static final String BY_ID = "SELECT " + COLUMNS + " FROM users WHERE id = ?";
  private static final String BY_USERNAME = "SELECT " + COLUMNS + " FROM users WHERE username = ?";
  private static final String ALL_BY_ID = "SELECT " + COLUMNS + " FROM users WHERE id IN (SELECT value FROM json_each(?))";
  private static final String PAGE = "SELECT " + COLUMNS + " FROM users WHERE username > ? ORDER BY username LIMIT ?";
  // two index ranges (username, lower-cased display name) merged in username order
  private static final String SEARCH = """
      SELECT %1$s FROM users WHERE username >= ?1 AND username < ?2 AND username > ?3
      UNION
      SELECT %1$s FROM users WHERE display_name_lower >= ?1 AND display_name_lower < ?2 AND username > ?3
      ORDER BY username LIMIT ?4""".formatted(COLUMNS);

  /** Every statement of this store, for the query-plan test. */
  static final List<String> STATEMENTS = List.of(SAVE, BY_ID, BY_USERNAME, ALL_BY_ID, PAGE, SEARCH);

  private final Database db;

  SqliteUserStore(Database db) {
    this.db = db;
  }

  @Override
  public void save(Account account) {
    User user = account.user();
    db.change(tx -> {
      tx.updateUnique("username is taken", SAVE, user.id().value(), user.username().value(), user.displayName(),
          user.displayName().toLowerCase(Locale.ROOT), account.passwordHash(), user.createdAt(), user.deactivated());
      if (tx.cache() != null) {
        tx.cache().loaded(account);
      }
      return null;
    });
  }

  @Override
  public Optional<Account> findForUpdate(UserId id) {
    // writes run one at a time on the one writer: nothing can change the row until this write ends
    return findById(id);
  }

  // Inside a write, accounts go through the writer's cache (see WriteCache): a post reads its
  // author there without a query.
  @Override
  public Optional<Account> findById(UserId id) {
    return db.query(
        tx -> tx.oneThroughCache(c -> c.account(id), WriteCache::loaded, BY_ID, SqliteUserStore::account, id.value()));
  }

  @Override
  public Optional<Account> findByUsername(Username username) {
    return db.query(tx -> tx.one(BY_USERNAME, SqliteUserStore::account, username.value()));
  }

  @Override
  public List<User> findAllById(Collection<UserId> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return db.query(tx -> tx.list(ALL_BY_ID, rs -> account(rs).user(), JsonArrays.of(ids.stream().map(UserId::value).toList())));
  }

  @Override
  public List<User> search(String prefix, String afterUsername, int limit) {
    String after = afterUsername == null ? "" : afterUsername;
    if (prefix.isEmpty()) {
      return db.query(tx -> tx.list(PAGE, rs -> account(rs).user(), after, limit));
    }
    return db.query(tx -> tx.list(SEARCH, rs -> account(rs).user(), prefix, prefixEnd(prefix), after, limit));
  }

  /** The least string above every string that starts with {@code prefix} (UTF-8 order is code point order). */
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
  private static Account account(ResultSet rs) throws SQLException {
    User user = new User(new UserId(rs.getString(1)), new Username(rs.getString(2)), rs.getString(3),
        Times.instant(rs.getLong(5)), rs.getInt(6) != 0);
    return new Account(user, rs.getString(4));
  }
}
