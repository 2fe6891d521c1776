package io.chatflow.adapter.http;

import io.chatflow.ports.in.Accounts;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.function.Supplier;

/** Use cases that fail on {@code me()}, to see what a failure there looks like on the wire. */
public final class Failing {
  private Failing() {}

  /** Fails unexpectedly: an error no table maps. */
  public static Accounts accounts(Accounts real) {
    return accounts(real, () -> new IllegalStateException("the disk caught fire"));
  }

  public static Accounts accounts(Accounts real, Supplier<RuntimeException> failure) {
    return (Accounts) Proxy.newProxyInstance(Accounts.class.getClassLoader(), new Class<?>[] {Accounts.class},
        (proxy, method, args) -> {
          if (method.getName().equals("me")) {
            throw failure.get();
          }
          try {
            return method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}
