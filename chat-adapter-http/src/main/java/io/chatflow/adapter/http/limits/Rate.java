package io.chatflow.adapter.http.limits;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * At most {@code permits} in any {@code per}, as a token bucket: a burst of {@code permits},
 * then one more every {@code per / permits}. {@link #OFF} admits everything.
 */
public record Rate(int permits, Duration per) {
  public static final Rate OFF = new Rate(Integer.MAX_VALUE, Duration.ofNanos(1));
  private static final Pattern TEXT = Pattern.compile("(\\d{1,9})/(\\d{1,9})(ms|s|m|h|d)");

  public Rate {
    Objects.requireNonNull(per, "per");
    if (permits < 1 || per.isNegative() || per.isZero()) {
      throw new IllegalArgumentException("a rate needs positive permits and a positive period");
    }
  }

  public static Rate of(int permits, Duration per) {
    return new Rate(permits, per);
  }

  /** {@code 30/10s}, {@code 10/1h}, or {@code off}; anything else is an IllegalArgumentException. */
  public static Rate parse(String text) {
    String t = text.strip();
    if (t.equalsIgnoreCase("off")) {
      return OFF;
    }
    Matcher m = TEXT.matcher(t);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a rate such as 30/10s: '" + text + "'");
    }
    long n = Long.parseLong(m.group(2));
    Duration per = switch (m.group(3)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
    return new Rate(Integer.parseInt(m.group(1)), per);
  }

  public boolean off() {
    return this.equals(OFF);
  }

  /** The time one permit takes to come back. */
  Duration interval() {
    return per.dividedBy(permits);
  }

  @Override
  public String toString() {
    return off() ? "off" : permits + "/" + per;
  }
}
