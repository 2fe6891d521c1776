package io.chatflow.domain;

import java.util.List;
import java.util.function.Function;

/** One page of a list, and the opaque cursor of the next page (null on the last). */
public record Page<T>(List<T> items, String nextCursor) {
  public Page {
    items = List.copyOf(items);
  }

  public <R> Page<R> map(Function<? super T, ? extends R> f) {
    return new Page<>(items.stream().<R>map(f).toList(), nextCursor);
  }
}
