package io.chatflow.kit;

import io.chatflow.ports.out.IdGenerator;
import java.util.UUID;

/** Random UUIDs, for tests. */
public final class RandomIds implements IdGenerator {
  @Override
  public String newId() {
    return UUID.randomUUID().toString();
  }
}
