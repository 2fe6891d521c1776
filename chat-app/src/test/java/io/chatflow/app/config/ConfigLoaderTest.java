package io.chatflow.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatflow.adapter.http.MetricsAccess;
import io.chatflow.adapter.http.WriteLimits;
import io.chatflow.adapter.http.limits.Action;
import io.chatflow.adapter.http.limits.Rate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  private LoadedConfig load(Map<String, String> dotEnv, Map<String, String> env, Map<Setting, String> flags) {
    return ConfigLoader.load(dir, dotEnv, env, flags);
  }

  @Test
  void defaultsMatchTheDocumentedOnes() {
    Config c = load(Map.of(), Map.of(), Map.of()).config();

    assertThat(c.store()).isEqualTo(Store.SQLITE);
    assertThat(c.db()).isEqualTo(dir.resolve("data/chatflow.db"));
    assertThat(c.port()).isEqualTo(8000);
    assertThat(c.accessTokenTtl()).isEqualTo(Duration.ofMinutes(15));
    assertThat(c.presenceWindow()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.bodyLimitBytes()).isEqualTo(64 * 1024);
    assertThat(c.eventRetention()).isEqualTo(Duration.ofDays(7));
    assertThat(c.signingKeyFile()).isEqualTo(dir.resolve("data/signing-key.json"));
    assertThat(c.passwordHashes()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(c.seedPassword()).isEqualTo("password");
    assertThat(c.loginFailuresPerUsername()).isEqualTo(10);
    assertThat(c.loginFailuresPerAddress()).isEqualTo(100);
    assertThat(c.trustedProxies()).isEmpty();
    assertThat(c.shutdownGrace()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.logLevel()).isEqualTo("info");
    assertThat(c.streamsPerUser()).isEqualTo(16);
    assertThat(c.streamsOverall()).isEqualTo(50_000);
    assertThat(c.socketIdleTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.allowedOrigins()).isEmpty();
  }

  @Test
  void writeRatesDefaultToTheServersAndEachSettingReachesItsAction() {
    assertThat(load(Map.of(), Map.of(), Map.of()).config().writeLimits()).isEqualTo(WriteLimits.defaults());
    assertThat(load(Map.of(), Map.of(), Map.of()).config().socketFrameRate()).isEqualTo(Rate.of(60, Duration.ofSeconds(10)));

    Config c = load(Map.of(), Map.of("CHATFLOW_POST_RATE_PER_USER", "5/1s", "CHATFLOW_POST_RATE_PER_ADDRESS", "off",
        "CHATFLOW_REGISTER_RATE_PER_ADDRESS", "3/1d", "CHATFLOW_SOCKET_FRAME_RATE", "10/1m"),
        Map.of(Setting.TYPING_RATE_PER_USER, "7/30s")).config();

    var http = io.chatflow.app.Server.httpSettings(c).writeLimits();
    assertThat(http.rates(Action.POST).perUser()).isEqualTo(Rate.of(5, Duration.ofSeconds(1)));
    assertThat(http.rates(Action.POST).perAddress()).isEqualTo(Rate.OFF);
    assertThat(http.rates(Action.REGISTER).perAddress()).isEqualTo(Rate.of(3, Duration.ofDays(1)));
    assertThat(http.rates(Action.TYPING).perUser()).isEqualTo(Rate.of(7, Duration.ofSeconds(30)));
    assertThat(io.chatflow.app.Server.liveSettings(c).clientFrames()).isEqualTo(Rate.of(10, Duration.ofMinutes(1)));
  }

  @Test
  void metricsAreForLoopbackByDefaultOrOnTheirOwnAddressOrBehindAToken() {
    assertThat(load(Map.of(), Map.of(), Map.of()).config().metricsAccess()).isEqualTo(MetricsAccess.loopbackOnly());
    assertThat(load(Map.of(), Map.of("CHATFLOW_METRICS_ADDRESS", "127.0.0.1:9464"), Map.of()).config().metricsAccess())
        .isEqualTo(MetricsAccess.separate("127.0.0.1", 9464));
    assertThat(load(Map.of(), Map.of("CHATFLOW_METRICS_ADDRESS", "[::1]:0"), Map.of()).config().metricsAccess())
        .isEqualTo(MetricsAccess.separate("::1", 0));
    var token = load(Map.of(), Map.of("CHATFLOW_METRICS_TOKEN", "a-long-enough-token"), Map.of()).config();
    assertThat(io.chatflow.app.Server.httpSettings(token).metricsAccess().token()).isEqualTo("a-long-enough-token");
    for (String wrong : List.of("9464", "localhost", ":9464", "127.0.0.1:99999", "bad host:1")) {
      assertThatThrownBy(() -> load(Map.of(), Map.of("CHATFLOW_METRICS_ADDRESS", wrong), Map.of()))
          .as(wrong).isInstanceOf(ConfigException.class).hasMessageContaining("CHATFLOW_METRICS_ADDRESS");
    }
    assertThatThrownBy(() -> load(Map.of(), Map.of("CHATFLOW_METRICS_TOKEN", "short"), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("CHATFLOW_METRICS_TOKEN").hasMessageNotContaining("short");
  }

  @Test
  void aRateThatIsNotOneIsRefusedNamingItsSetting() {
    for (String wrong : List.of("30", "0/10s", "30/0s", "30 per 10s", "-1/1m", "30/10x")) {
      assertThatThrownBy(() -> load(Map.of(), Map.of("CHATFLOW_EDIT_RATE_PER_USER", wrong), Map.of()))
          .as(wrong)
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("CHATFLOW_EDIT_RATE_PER_USER")
          .hasMessageContaining("--edit-rate-per-user");
    }
  }

  @Test
  void liveLimitsAndOriginsReachTheLiveSettings() {
    Config c = load(Map.of(), Map.of(
        "CHATFLOW_STREAMS_PER_USER", "3",
        "CHATFLOW_STREAMS_OVERALL", "500",
        "CHATFLOW_SOCKET_IDLE_TIMEOUT", "45s",
        "CHATFLOW_ALLOWED_ORIGINS", " https://App.Example.com/ , http://localhost:3000,http://[::1]:5173"), Map.of()).config();

    var live = io.chatflow.app.Server.liveSettings(c);
    assertThat(live.streamsPerUser()).isEqualTo(3);
    assertThat(live.streamsOverall()).isEqualTo(500);
    assertThat(live.idleTimeout()).isEqualTo(Duration.ofSeconds(45));
    // as browsers send them: lower case, no trailing slash
    assertThat(live.allowedOrigins())
        .containsExactlyInAnyOrder("https://app.example.com", "http://localhost:3000", "http://[::1]:5173");
  }

  @Test
  void anOriginMustBeSchemeAndHostOnly() {
    for (String wrong : List.of("app.example.com", "https://app.example.com/chat", "ftp://x.org", "https://", "*.example.com")) {
      assertThatThrownBy(() -> load(Map.of(), Map.of("CHATFLOW_ALLOWED_ORIGINS", wrong), Map.of()))
          .as(wrong)
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("CHATFLOW_ALLOWED_ORIGINS");
    }
    assertThat(load(Map.of(), Map.of("CHATFLOW_ALLOWED_ORIGINS", "*"), Map.of()).config().allowedOrigins())
        .containsExactly("*");
    assertThatThrownBy(() -> load(Map.of(), Map.of("CHATFLOW_STREAMS_PER_USER", "0"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("1..100000");
  }

  @Test
  void dotEnvOverridesDefaultsEnvironmentOverridesDotEnvAndFlagsOverrideAll() {
    Map<String, String> dotEnv = Map.of("CHATFLOW_PORT", "8100", "CHATFLOW_HOST", "0.0.0.0", "CHATFLOW_ISSUER", "dotenv");
    Map<String, String> env = Map.of("CHATFLOW_PORT", "8200", "CHATFLOW_ISSUER", "env");
    Map<Setting, String> flags = Map.of(Setting.PORT, "8300");

    LoadedConfig loaded = load(dotEnv, env, flags);

    assertThat(loaded.config().port()).isEqualTo(8300);
    assertThat(loaded.config().issuer()).isEqualTo("env");
    assertThat(loaded.config().host()).isEqualTo("0.0.0.0");
    assertThat(loaded.config().audience()).isEqualTo("chatflow");
    assertThat(loaded.values().get(Setting.PORT).source()).isEqualTo(Source.FLAG);
    assertThat(loaded.values().get(Setting.ISSUER).source()).isEqualTo(Source.ENVIRONMENT);
    assertThat(loaded.values().get(Setting.HOST).source()).isEqualTo(Source.DOT_ENV);
    assertThat(loaded.values().get(Setting.AUDIENCE).source()).isEqualTo(Source.DEFAULT);
  }

  @Test
  void readsTheDotEnvFileOfTheWorkingDirectory() throws Exception {
    Files.writeString(dir.resolve(".env"), """
        # demo settings
        export CHATFLOW_STORE=memory
        CHATFLOW_DB = "other/chat.db"
        OTHER_TOOL_SETTING=ignored

        CHATFLOW_EVENT_RETENTION='12h'
        """);

    Config c = ConfigLoader.load(dir, Map.of()).config();

    assertThat(c.store()).isEqualTo(Store.MEMORY);
    assertThat(c.db()).isEqualTo(dir.resolve("other/chat.db"));
    assertThat(c.eventRetention()).isEqualTo(Duration.ofHours(12));
    assertThat(c.signingKeyFile()).isNull();
  }

  @Test
  void durationsAndSizesAcceptUnits() {
    Config c = load(Map.of(), Map.of(
        "CHATFLOW_ACCESS_TOKEN_TTL", "PT5M",
        "CHATFLOW_PRESENCE_WINDOW", "1500ms",
        "CHATFLOW_BODY_LIMIT", "1MiB",
        "CHATFLOW_LOGIN_WINDOW", "2h"), Map.of()).config();

    assertThat(c.accessTokenTtl()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.presenceWindow()).isEqualTo(Duration.ofMillis(1500));
    assertThat(c.bodyLimitBytes()).isEqualTo(1024 * 1024);
    assertThat(c.loginWindow()).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void trustedProxiesAreACommaSeparatedListOfAddressesAndRanges() {
    Config c = load(Map.of(), Map.of("CHATFLOW_TRUSTED_PROXIES", " 10.0.0.0/8, ,192.168.1.7,fd00::/8 "), Map.of()).config();

    assertThat(c.trustedProxies()).containsExactly("10.0.0.0/8", "192.168.1.7", "fd00::/8");
    assertThat(io.chatflow.app.Server.httpSettings(c).trustedProxies()).isEqualTo(c.trustedProxies());
  }

  @Test
  void aWrongStoreNamesTheSettingAndTheAllowedValues() {
    assertThatThrownBy(() -> load(Map.of(), Map.of("CHATFLOW_STORE", "mysql"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("CHATFLOW_STORE")
        .hasMessageContaining("'mysql'")
        .hasMessageContaining("sqlite, postgres or memory")
        .hasMessageContaining("environment");
  }

  @Test
  void wrongValuesNameTheirSetting() {
    Map<Setting, String> wrong = Map.of(
        Setting.PORT, "70000",
        Setting.HOST, " ",
        Setting.ACCESS_TOKEN_TTL, "soon",
        Setting.PRESENCE_WINDOW, "0s",
        Setting.BODY_LIMIT, "64KB",
        Setting.LOGIN_FAILURES_PER_USERNAME, "-1",
        Setting.LOG_LEVEL, "verbose",
        Setting.EVENT_RETENTION, "-PT1H",
        Setting.TRUSTED_PROXIES, "10.0.0.1, proxy.internal");
    wrong.forEach((setting, value) ->
        assertThatThrownBy(() -> load(Map.of(), Map.of(), Map.of(setting, value)))
            .as(setting.envName())
            .isInstanceOf(ConfigException.class)
            .hasMessageStartingWith(setting.envName() + " (--" + setting.flag() + ", from flag)")
            .hasMessageContaining("allowed: " + setting.allowed()));
    for (String host : List.of("no such host!", "exa_mple.com", "::1::2", "-lead.example")) {
      assertThatThrownBy(() -> load(Map.of(), Map.of(), Map.of(Setting.HOST, host))).as(host)
          .isInstanceOf(ConfigException.class).hasMessageStartingWith("CHATFLOW_HOST (--host, from flag)");
    }
    for (String host : List.of("localhost", "chat.example.com", "0.0.0.0", "::1", "fe80::1")) {
      assertThat(load(Map.of(), Map.of(), Map.of(Setting.HOST, host)).config().host()).isEqualTo(host);
    }
    // a key that cannot sign is refused when the setting is read, without showing the secret
    assertThatThrownBy(() -> load(Map.of(), Map.of(), Map.of(Setting.SIGNING_KEY_JWK, "{\"kty\":\"EC\",\"d\":\"x\"}")))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("CHATFLOW_SIGNING_KEY_JWK (--signing-key-jwk, from flag)")
        .hasMessageNotContaining("\"d\"");
  }

  @Test
  void aWrongSecretIsNotEchoed() {
    assertThatThrownBy(() -> load(Map.of(), Map.of("CHATFLOW_SEED_PASSWORD", "short"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("CHATFLOW_SEED_PASSWORD")
        .hasMessageNotContaining("short");
  }

  @Test
  void anUnknownSettingInDotEnvStopsStartUp() {
    assertThatThrownBy(() -> load(Map.of("CHATFLOW_PROT", "1"), Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("CHATFLOW_PROT")
        .hasMessageContaining("CHATFLOW_PORT");
  }

  @Test
  void anUnknownEnvironmentVariableIsOnlyAWarning() {
    LoadedConfig loaded = load(Map.of(), Map.of("CHATFLOW_HOME", "/opt/chatflow"), Map.of());

    assertThat(loaded.warnings()).containsExactly("ignoring unknown environment variable CHATFLOW_HOME");
  }

  @Test
  void thePostgresStoreReadsItsServerAndNeedsAUrl() {
    Config c = load(Map.of("CHATFLOW_DB_PASSWORD", " s3cret "), Map.of("CHATFLOW_STORE", "postgres"),
        Map.of(Setting.DB_URL, "jdbc:postgresql://db.internal:5432/chat", Setting.DB_POOL_SIZE, "32")).config();

    assertThat(c.store()).isEqualTo(Store.POSTGRES);
    assertThat(c.database()).isEqualTo(new ServerDatabase(
        "jdbc:postgresql://db.internal:5432/chat", "chatflow", " s3cret ", 32, Duration.ofSeconds(10)));
    assertThat(c.database().toString()).doesNotContain("s3cret");
    assertThat(load(Map.of(), Map.of(), Map.of(Setting.DB_URL, "jdbc:postgresql://x/y")).config().database())
        .as("other stores read no server").isNull();
    assertThatThrownBy(() -> load(Map.of(), Map.of("CHATFLOW_STORE", "postgres"), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("CHATFLOW_DB_URL").hasMessageContaining("required");
    assertThatThrownBy(() -> load(Map.of(), Map.of("CHATFLOW_STORE", "postgres"),
        Map.of(Setting.DB_URL, "jdbc:sqlite:chat.db")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("CHATFLOW_DB_URL");
  }

  @Test
  void aBadDatabasePasswordIsNamedButNeverShown() {
    String tooLong = "p".repeat(1025);
    assertThatThrownBy(() -> load(Map.of(), Map.of("CHATFLOW_STORE", "postgres", "CHATFLOW_DB_PASSWORD", tooLong),
        Map.of(Setting.DB_URL, "jdbc:postgresql://x/y")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("CHATFLOW_DB_PASSWORD")
        .hasMessageNotContaining(tooLong);
  }

  @Test
  void connectionTimeoutsAndLimitsAreReadAndBounded() {
    Config c = load(Map.of(), Map.of("CHATFLOW_HEADER_TIMEOUT", "3s", "CHATFLOW_CONNECTIONS_PER_ADDRESS", "20"),
        Map.of(Setting.BODY_TIMEOUT, "5s")).config();
    var limits = io.chatflow.app.Server.httpSettings(c).connections();
    assertThat(limits.headerTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(limits.bodyTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(limits.perAddress()).isEqualTo(20);
    assertThatThrownBy(() -> load(Map.of(), Map.of("CHATFLOW_BODY_TIMEOUT", "30d"), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("CHATFLOW_BODY_TIMEOUT");
  }
}
