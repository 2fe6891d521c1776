package io.chatflow.adapter.http.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatflow.adapter.http.HttpSettings;
import io.chatflow.adapter.http.TestServer;
import io.chatflow.adapter.http.plumbing.Reply;
import io.chatflow.domain.RateLimitedException;
import io.chatflow.ports.in.Sessions;
import io.chatflow.ports.in.UseCases;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class PasswordWorkTest {
  @Test
  void loginsWaitingForTheirPasswordCheckHoldNoHttpWorker() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger entered = new AtomicInteger();
    try (TestServer api = new TestServer(HttpSettings.defaults().withPort(0).withWorkerThreads(1),
        u -> new UseCases(u.accounts(), slowLogins(u.sessions(), entered, release), u.conversations(), u.messaging(),
            u.presence(), u.events(), u.search(), u.counters()))) {
      var alice = api.person("alice");
      List<CompletableFuture<HttpResponse<String>>> logins = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        logins.add(api.client.sendAsync(HttpRequest.newBuilder(URI.create(api.server.uri() + "/api/v1/auth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&username=alice&password=correct+horse"))
                .build(), HttpResponse.BodyHandlers.ofString()));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (entered.get() == 0 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(entered.get()).isPositive();

      // the one worker is free: a read is answered while every login waits
      var me = api.exchange("GET", "/api/v1/users/me", HttpRequest.newBuilder(URI.create(api.server.uri() + "/api/v1/users/me"))
          .header("Authorization", "Bearer " + alice.token()).timeout(Duration.ofSeconds(5)).build());
      assertThat(me.status()).isEqualTo(200);
      assertThat(logins).noneMatch(CompletableFuture::isDone);

      release.countDown();
      for (var login : logins) {
        assertThat(login.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      }
    }
  }

  @Test
  void oneMoreThanTheQueueHoldsIsRefusedAtOnceWithRetryAfter() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch running = new CountDownLatch(1);
    try (PasswordWork work = new PasswordWork(1, 1)) {
      Reply first = work.later(() -> {
        running.countDown();
        await(release);
        return Reply.noContent();
      });
      assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
      Reply queued = work.later(Reply::noContent);

      assertThatThrownBy(() -> work.later(Reply::noContent))
          .isInstanceOfSatisfying(RateLimitedException.class,
              e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(1)));

      release.countDown();
      assertThat(stage(first).get(10, TimeUnit.SECONDS).status()).isEqualTo(204);
      assertThat(stage(queued).get(10, TimeUnit.SECONDS).status()).isEqualTo(204);
    }
  }

  @Test
  void whatTheWorkThrowsIsItsAnswer() {
    try (PasswordWork work = new PasswordWork(1, 1)) {
      Reply failed = work.later(() -> {
        throw new IllegalStateException("no");
      });

      assertThatThrownBy(() -> stage(failed).get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void onLinuxThePasswordThreadsYieldToOtherThreads() throws Exception {
    Assumptions.assumeTrue(Files.exists(Path.of("/proc/thread-self/stat")), "Linux only");
    try (PasswordWork work = new PasswordWork(1, 1)) {
      Reply nice = work.later(() -> {
        try {
          String stat = Files.readString(Path.of("/proc/thread-self/stat"));
          return Reply.ok(Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]));
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });

      assertThat(stage(nice).get(10, TimeUnit.SECONDS).body()).isEqualTo(PasswordWork.NICE);
    }
  }

  @SuppressWarnings("unchecked")
  private static CompletableFuture<Reply> stage(Reply reply) {
    return (CompletableFuture<Reply>) reply.body();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Sessions whose password logins wait for {@code release}; {@code entered} counts those waiting. */
  private static Sessions slowLogins(Sessions real, AtomicInteger entered, CountDownLatch release) {
    return (Sessions) Proxy.newProxyInstance(Sessions.class.getClassLoader(), new Class<?>[] {Sessions.class},
        (proxy, method, args) -> {
          if (method.getName().equals("login") && args.length == 3) {
            entered.incrementAndGet();
            release.await();
          }
          try {
            return method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}
