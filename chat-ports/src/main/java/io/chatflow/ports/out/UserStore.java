package io.chatflow.ports.out;

import io.chatflow.domain.user.Account;
import io.chatflow.domain.user.User;
import io.chatflow.domain.user.UserId;
import io.chatflow.domain.user.Username;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Accounts: a user's profile and password hash. */
public interface UserStore {
  /** Inserts or replaces by id; a username another account holds is a {@code ConflictException}. */
  void save(Account account);

  Optional<Account> findById(UserId id);

  /**
   * Inside a write that will save the account: the account as committed, held against other
   * writers of it until this write ends, so that a save does not undo a change committed between
   * the read and the save (a rename racing a deactivation).
   */
  Optional<Account> findForUpdate(UserId id);

  Optional<Account> findByUsername(Username username);

  /** The users among {@code ids} that exist, in no particular order. */
  List<User> findAllById(Collection<UserId> ids);

  /**
   * Users whose username or lower-cased display name starts with {@code prefix}
   * (already lower-case, may be empty), ordered by username, after {@code afterUsername}
   * (null for the first page), at most {@code limit}.
   */
  List<User> search(String prefix, String afterUsername, int limit);
}
