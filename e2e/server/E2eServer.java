// A stand-in for `chatflow run` while chat-app has no runnable main: the real HTTP adapter
// and core on the SQLite store, so the browser tests can restart it without losing data.
// Run as a single-file program:
//   java -cp <chat-app's class path> e2e/server/E2eServer.java --db F --port N [--access-token-ttl SECONDS]

import io.chatflow.adapter.http.HttpServer;
import io.chatflow.adapter.http.HttpSettings;
import io.chatflow.adapter.http.TokenKeys;
import io.chatflow.adapter.http.UseCases;
import io.chatflow.adapter.memory.InProcessFanout;
import io.chatflow.adapter.memory.MemoryPresence;
import io.chatflow.adapter.sqlite.SqliteSettings;
import io.chatflow.adapter.sqlite.SqliteStores;
import io.chatflow.ports.out.PasswordHasher;
import io.chatflow.service.Core;
import io.chatflow.service.CoreSettings;
import io.chatflow.service.OutPorts;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

public class E2eServer {
  public static void main(String[] args) throws Exception {
    Path db = Path.of(arg(args, "--db", "target/e2e.db"));
    int port = Integer.parseInt(arg(args, "--port", "0"));
    Duration tokenTtl = Duration.ofSeconds(Long.parseLong(arg(args, "--access-token-ttl", "900")));
    SqliteStores stores = SqliteStores.open(SqliteSettings.of(db));
    Clock clock = Clock.systemUTC();
    Core core = new Core(new OutPorts(stores.users(), stores.sessions(), stores.conversations(), stores.messages(),
        stores.events(), stores.transactions(), new MemoryPresence(), new InProcessFanout(), new Pbkdf2(),
        () -> UUID.randomUUID().toString(), clock), CoreSettings.defaults());
    UseCases useCases = new UseCases(core.accounts(), core.sessions(), core.conversations(), core.messaging(),
        core.presence(), core.events());
    TokenKeys keys = TokenKeys.loadOrCreate(db.resolveSibling("signing-key.json"));
    HttpServer http = new HttpServer(useCases, HttpSettings.defaults().withPort(port).withAccessTokenTtl(tokenTtl), keys, stores::ready, clock).start();
    System.out.println("listening on " + http.uri());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      http.close();
      core.close();
      stores.close();
      stopped.countDown();
    }));
    stopped.await();
  }

  private static String arg(String[] args, String name, String fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }

  /** PBKDF2 with few iterations: test users only, and logins stay fast. */
  static final class Pbkdf2 implements PasswordHasher {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    public String hash(String password) {
      byte[] salt = new byte[16];
      RANDOM.nextBytes(salt);
      return "pbkdf2$" + Base64.getEncoder().encodeToString(salt) + "$" + derive(password, salt);
    }

    @Override
    public boolean verify(String password, String hash) {
      String[] parts = hash.split("\\$");
      return parts.length == 3 && MessageDigest.isEqual(
          derive(password, Base64.getDecoder().decode(parts[1])).getBytes(), parts[2].getBytes());
    }

    private static String derive(String password, byte[] salt) {
      try {
        var spec = new PBEKeySpec(password.toCharArray(), salt, 1000, 256);
        return Base64.getEncoder().encodeToString(
            SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
