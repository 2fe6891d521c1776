package io.chatflow.testing;

import io.chatflow.service.Core;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Use-case proxies that always call the current core, so the HTTP server keeps its port
 * and keys while {@link ChatFlowServer#reset()} swaps in fresh stores.
 */
final class Swappable {
  private Swappable() {}

  static <T> T proxy(Class<T> type, Supplier<Core> current, Function<Core, T> pick) {
    Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
      if (method.getDeclaringClass() == Object.class) {
        return switch (method.getName()) {
          case "equals" -> self == args[0];
          case "hashCode" -> System.identityHashCode(self);
          default -> "Swappable[" + type.getSimpleName() + "]";
        };
      }
      try {
        return method.invoke(pick.apply(current.get()), args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    });
    return type.cast(proxy);
  }
}
