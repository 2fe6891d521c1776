package io.chatflow.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatflow.domain.ConflictException;
import io.chatflow.domain.user.Account;
import io.chatflow.domain.user.User;
import io.chatflow.domain.user.UserId;
import io.chatflow.domain.user.Username;
import java.util.List;
import org.junit.jupiter.api.Test;

public abstract class UserStoreContract extends StoreTest {

  @Test
  void savedAccountIsFoundByIdAndUsername() {
    User alice = savedUser("alice");
    assertThat(read(() -> stores.users().findById(alice.id()))).get()
        .isEqualTo(new Account(alice, "hash-of-alice"));
    assertThat(read(() -> stores.users().findByUsername(Username.of("alice")))).get()
        .extracting(Account::user).isEqualTo(alice);
    assertThat(read(() -> stores.users().findById(new UserId("nobody")))).isEmpty();
  }

  @Test
  void aWriteReadsTheAccountItWillSaveAsCommitted() {
    User alice = savedUser("alice");
    write(() -> stores.users().save(new Account(alice.renamed("Alice A."), "new-hash")));
    assertThat(write(() -> stores.users().findForUpdate(alice.id()))).get()
        .isEqualTo(new Account(alice.renamed("Alice A."), "new-hash"));
    assertThat(write(() -> stores.users().findForUpdate(new UserId("nobody")))).isEmpty();
  }

  @Test
  void savingAgainReplacesTheAccount() {
    User alice = savedUser("alice");
    write(() -> stores.users().save(new Account(alice.renamed("Alice A."), "new-hash")));
    Account found = read(() -> stores.users().findById(alice.id())).orElseThrow();
    assertThat(found.user().displayName()).isEqualTo("Alice A.");
    assertThat(found.passwordHash()).isEqualTo("new-hash");
  }

  @Test
  void aDeactivatedAccountStaysDeactivatedAndKeepsItsUsername() {
    User alice = savedUser("alice");
    write(() -> stores.users().save(new Account(alice.deactivate(), "hash-of-alice")));
    assertThat(read(() -> stores.users().findById(alice.id()))).get()
        .extracting(a -> a.user().deactivated()).isEqualTo(true);
    assertThat(read(() -> stores.users().findAllById(List.of(alice.id())))).extracting(User::deactivated)
        .containsExactly(true);
    User other = User.registered(new UserId("other"), Username.of("alice"), "Imposter", clock.instant());
    assertThatThrownBy(() -> write(() -> stores.users().save(new Account(other, "h"))))
        .isInstanceOf(ConflictException.class);
  }

  @Test
  void aTakenUsernameIsAConflict() {
    savedUser("alice");
    User other = User.registered(new UserId("other"), Username.of("alice"), "Imposter", clock.instant());
    assertThatThrownBy(() -> write(() -> stores.users().save(new Account(other, "h"))))
        .isInstanceOf(ConflictException.class);
    assertThat(read(() -> stores.users().findById(other.id()))).isEmpty();
  }

  @Test
  void findAllByIdReturnsTheOnesThatExist() {
    User alice = savedUser("alice");
    User bob = savedUser("bob");
    assertThat(read(() -> stores.users().findAllById(List.of(alice.id(), bob.id(), new UserId("ghost")))))
        .containsExactlyInAnyOrder(alice, bob);
  }

  @Test
  void searchMatchesUsernameOrDisplayNamePrefixInUsernameOrderWithPaging() {
    savedUser("anna");
    savedUser("andrew");
    savedUser("bob");
    User carol = savedUser("carol");
    write(() -> stores.users().save(new Account(carol.renamed("Annabel"), "h")));

    assertThat(read(() -> stores.users().search("an", null, 10)))
        .extracting(u -> u.username().value()).containsExactly("andrew", "anna", "carol");
    assertThat(read(() -> stores.users().search("an", null, 2)))
        .extracting(u -> u.username().value()).containsExactly("andrew", "anna");
    assertThat(read(() -> stores.users().search("an", "anna", 2)))
        .extracting(u -> u.username().value()).containsExactly("carol");
    assertThat(read(() -> stores.users().search("", null, 10))).hasSize(4);
  }
}
