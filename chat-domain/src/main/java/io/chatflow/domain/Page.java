package io.chatflow.domain;

import java.util.List;

/** One page of a list, and the opaque cursor of the next page (null on the last). */
public record Page<T>(List<T> items, String nextCursor) {
  public Page {
    items = List.copyOf(items);
  }
}
