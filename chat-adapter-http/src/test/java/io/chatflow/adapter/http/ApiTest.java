package io.chatflow.adapter.http;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

/** One server per test class; tests tell their data apart by unique names instead of cleaning up. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ApiTest {
  private static final AtomicInteger NAMES = new AtomicInteger();

  protected final TestServer api = new TestServer();

  @AfterAll
  public void stopServer() {
    api.close();
  }

  public static String unique(String base) {
    return base + "_" + NAMES.incrementAndGet();
  }

  public TestServer.Person person(String base) {
    return api.person(unique(base));
  }
}
