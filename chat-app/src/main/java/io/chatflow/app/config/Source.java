package io.chatflow.app.config;

/** Where a setting's value came from, for {@code chatflow config}; each overrides the ones before it. */
public enum Source {
  DEFAULT,
  DOT_ENV,
  ENVIRONMENT,
  FLAG;

  public String label() {
    return switch (this) {
      case DEFAULT -> "default";
      case DOT_ENV -> DotEnvFile.NAME;
      case ENVIRONMENT -> "environment";
      case FLAG -> "flag";
    };
  }
}
