package io.chatflow.domain.user;

/**
 * What started a session, as its owner sees it in their session list: the client's
 * User-Agent (cut to {@link #MAX} code points) and address; either may be unknown (null).
 */
public record SessionClient(String userAgent, String address) {
  public static final int MAX = 256;
  public static final SessionClient UNKNOWN = new SessionClient(null, null);

  public SessionClient {
    userAgent = cut(userAgent);
    address = cut(address);
  }

  private static String cut(String s) {
    if (s == null || s.isEmpty()) {
      return null;
    }
    return s.codePointCount(0, s.length()) <= MAX ? s : s.substring(0, s.offsetByCodePoints(0, MAX));
  }
}
