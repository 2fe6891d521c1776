package io.chatflow.service;

import io.chatflow.domain.event.Event;
import io.chatflow.domain.event.EventType;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.in.Presence;
import io.chatflow.ports.in.PresenceChange;
import io.chatflow.ports.in.PresenceView;
import io.chatflow.ports.out.ConversationStore;
import io.chatflow.ports.out.PresenceStore;
import io.chatflow.ports.out.Transactions;
import io.chatflow.ports.out.UserStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Online while holding a live connection or active within the window. Activity is
 * kept in the presence store (in memory), never written to the database per request.
 */
public final class PresenceService implements Presence {
  private final PresenceStore store;
  private final ConversationStore conversations;
  private final UserStore users;
  private final Transactions transactions;
  private final Journal journal;
  private final Clock clock;
  private final Duration window;

  PresenceService(
      PresenceStore store, ConversationStore conversations, UserStore users, Transactions transactions,
      Journal journal, Clock clock, Duration window) {
    this.store = store;
    this.conversations = conversations;
    this.users = users;
    this.transactions = transactions;
    this.journal = journal;
    this.clock = clock;
    this.window = window;
  }

  @Override
  public void touch(UserId user) {
    Instant now = clock.instant();
    store.touch(user, now);
    if (store.announce(user, true)) {
      announce(user, new PresenceView(PresenceView.Status.ONLINE, now));
    }
  }

  @Override
  public void connected(UserId user) {
    Instant now = clock.instant();
    store.connected(user, now);
    if (store.announce(user, true)) {
      announce(user, new PresenceView(PresenceView.Status.ONLINE, now));
    }
  }

  @Override
  public void disconnected(UserId user) {
    store.disconnected(user, clock.instant());
  }

  /** Announces users whose window has passed with no connection as offline; the app calls it now and then. */
  public int sweep() {
    Instant now = clock.instant();
    int gone = 0;
    for (UserId user : store.announcedOnline()) {
      Optional<PresenceStore.Seen> seen = store.find(user);
      if (!isOnline(seen, now) && store.announce(user, false)) {
        announce(user, new PresenceView(PresenceView.Status.OFFLINE, seen.map(PresenceStore.Seen::lastSeenAt).orElse(null)));
        gone++;
      }
    }
    return gone;
  }

  @Override
  public PresenceView of(UserId user) {
    Optional<PresenceStore.Seen> seen = store.find(user);
    PresenceView.Status status = isOnline(seen, clock.instant()) ? PresenceView.Status.ONLINE : PresenceView.Status.OFFLINE;
    return new PresenceView(status, seen.map(PresenceStore.Seen::lastSeenAt).orElse(null));
  }

  @Override
  public void streamOpened(UserId user) {
    store.streamOpened(user, clock.instant());
  }

  @Override
  public void streamClosed(UserId user) {
    store.streamClosed(user, clock.instant());
  }

  @Override
  public int streamsElsewhere(UserId user) {
    return store.streamsElsewhere(user);
  }

  private boolean isOnline(Optional<PresenceStore.Seen> seen, Instant now) {
    return seen.map(s -> s.connections() > 0 || s.lastSeenAt().isAfter(now.minus(window))).orElse(false);
  }

  private void announce(UserId user, PresenceView presence) {
    transactions.read(() -> {
      List<UserId> contacts = conversations.contactsOf(user);
      if (!contacts.isEmpty()) {
        users.findById(user).ifPresent(account -> journal.announce(
            Event.ephemeral(EventType.PRESENCE_CHANGED, null, user, clock.instant()),
            contacts,
            new PresenceChange(account.user(), presence)));
      }
      return null;
    });
  }
}
