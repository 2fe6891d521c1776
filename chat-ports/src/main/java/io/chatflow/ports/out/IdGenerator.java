package io.chatflow.ports.out;

/** New opaque ids, unique and not guessable from one another (e.g. UUIDv7). */
public interface IdGenerator {
  String newId();
}
