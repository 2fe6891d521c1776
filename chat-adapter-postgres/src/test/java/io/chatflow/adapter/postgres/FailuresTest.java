package io.chatflow.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflow.domain.InvalidException;
import io.chatflow.domain.UnavailableException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a failed statement's SQLSTATE becomes: the server's troubles are a 503, never a 500. */
class FailuresTest {
  @ParameterizedTest
  @ValueSource(strings = {"08006", "53100", "53200", "53300", "57P01", "57014", "25006"})
  void aServerOutOfReachOrOfResourcesIsUnavailable(String state) {
    RuntimeException e = Failures.of(new SQLException("boom", state));

    assertThat(e).isInstanceOf(UnavailableException.class).hasMessageNotContaining("boom");
    assertThat(((UnavailableException) e).retryAfter()).isPositive();
  }

  @Test
  void aRaceRunsAgainAndAnythingElseIsTheStoresFailure() {
    assertThat(Failures.of(new SQLException("deadlock", "40P01"))).isInstanceOf(Failures.Retry.class);
    assertThat(Failures.of(new SQLException("syntax", "42601"))).isInstanceOf(PostgresStoreException.class);
  }

  @Test
  void textWithANulCharacterIsTheCallersInvalidInputNotTheStoresFailure() {
    assertThat(Failures.of(new SQLException("invalid byte sequence for encoding \"UTF8\": 0x00", "22021")))
        .isInstanceOf(InvalidException.class);
  }
}
