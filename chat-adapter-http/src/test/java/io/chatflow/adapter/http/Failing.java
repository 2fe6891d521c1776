package io.chatflow.adapter.http;

import io.chatflow.ports.in.Accounts;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/** Use cases that fail unexpectedly on {@code me()}, to see what an unmapped error looks like. */
public final class Failing {
  private Failing() {}

  public static Accounts accounts(Accounts real) {
    return (Accounts) Proxy.newProxyInstance(Accounts.class.getClassLoader(), new Class<?>[] {Accounts.class},
        (proxy, method, args) -> {
          if (method.getName().equals("me")) {
            throw new IllegalStateException("the disk caught fire");
          }
          try {
            return method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}
