package io.chatflow.adapter.http.auth;

import io.chatflow.adapter.http.plumbing.Reply;
import io.chatflow.domain.RateLimitedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where logins and registrations run: password hashing costs tens of milliseconds of CPU, so it
 * gets a few threads of its own and a bounded queue. A burst of logins then holds no HTTP worker
 * (posts and reads go on meanwhile, and at most {@code threads} hashes compete with delivery for
 * the CPU), and one more than the queue holds is refused at once with 429 and Retry-After. On
 * Linux the threads also run at a lower priority (nice {@value #NICE}), so on a busy core a hash
 * takes the time delivery leaves rather than an equal share.
 */
public final class PasswordWork implements AutoCloseable {
  static final int NICE = 10;
  private static final Logger LOG = LoggerFactory.getLogger(PasswordWork.class);
  private static final Duration RETRY_AFTER = Duration.ofSeconds(1);
  private final ThreadPoolExecutor pool;

  public PasswordWork(int threads, int queued) {
    if (threads < 1 || queued < 1) {
      throw new IllegalArgumentException("threads and queued must be positive");
    }
    AtomicInteger made = new AtomicInteger();
    pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queued), work -> {
      Thread t = new Thread(() -> {
        yieldToDelivery();
        work.run();
      }, "chatflow-password-" + made.incrementAndGet());
      t.setDaemon(true);
      return t;
    }, new ThreadPoolExecutor.AbortPolicy());
  }

  /** One thread per core, and 32 requests per thread waiting (under a second at 20 ms a hash). */
  public static PasswordWork perCore() {
    int cores = Runtime.getRuntime().availableProcessors();
    return new PasswordWork(cores, 32 * cores);
  }

  /** The reply {@code work} gives once it has run on a password thread; what it throws is answered instead. */
  public Reply later(Supplier<Reply> work) {
    CompletableFuture<Reply> reply = new CompletableFuture<>();
    if (!submit(work, reply)) {
      throw full();
    }
    return Reply.later(reply);
  }

  /** As {@link #later}, but queued only after {@code delay} (a slowed login), holding no thread meanwhile. */
  public Reply after(Duration delay, Supplier<Reply> work) {
    if (delay.isZero()) {
      return later(work);
    }
    CompletableFuture<Reply> reply = new CompletableFuture<>();
    CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
      if (!submit(work, reply)) {
        reply.completeExceptionally(full());
      }
    });
    return Reply.later(reply);
  }

  private boolean submit(Supplier<Reply> work, CompletableFuture<Reply> reply) {
    try {
      pool.execute(() -> {
        try {
          reply.complete(work.get());
        } catch (RuntimeException | Error e) {
          reply.completeExceptionally(e);
        }
      });
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  private static RateLimitedException full() {
    return new RateLimitedException("too many logins and registrations are waiting to be checked", RETRY_AFTER);
  }

  /**
   * Lowers the calling thread's priority. The JDK sets thread priorities on Linux only with
   * -XX:ThreadPriorityPolicy=1, which warns unless run as root; renice on the thread's own id
   * needs no privilege. Where there is no /proc or no renice, the thread keeps its priority.
   */
  private static void yieldToDelivery() {
    try {
      String tid = Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
      Process renice = new ProcessBuilder("renice", "-n", Integer.toString(NICE), "-p", tid)
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!renice.waitFor(5, TimeUnit.SECONDS) || renice.exitValue() != 0) {
        renice.destroy();
        LOG.debug("event=password_thread_priority_unchanged reason=renice_failed");
      }
    } catch (IOException | UnsupportedOperationException e) {
      LOG.debug("event=password_thread_priority_unchanged reason=\"{}\"", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
