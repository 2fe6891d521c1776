package io.chatflow.adapter.postgres;

import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schema, only through the Flyway migrations in {@code db/postgres}, in the settings' schema
 * (created when missing). All pending migrations run in one transaction (PostgreSQL's DDL is
 * transactional), so a failure leaves the schema as it was.
 */
final class Schema {
  private static final Logger log = LoggerFactory.getLogger(Schema.class);

  private Schema() {}

  /** Applies the pending migrations; returns the schema version now in the database. */
  static String migrate(PostgresSettings settings) {
    Flyway flyway = Flyway.configure(Schema.class.getClassLoader())
        .dataSource(settings.url(), settings.user(), settings.password())
        .schemas(settings.schema())
        .defaultSchema(settings.schema())
        .locations("classpath:db/postgres")
        .table("flyway_schema_history")
        .group(true)
        .failOnMissingLocations(true)
        .connectRetries(0)
        .load();
    try {
      requireNotNewer(settings, flyway);
      MigrateResult result = flyway.migrate();
      MigrationInfo current = flyway.info().current();
      String version = current == null ? "none" : current.getVersion().getVersion();
      if (result.migrationsExecuted > 0) {
        log.info("event=postgres_migrated schema={} applied={} version={}", settings.schema(),
            result.migrationsExecuted, version);
      }
      return version;
    } catch (FlywayException e) {
      SQLException sql = sqlCause(e);
      if (sql != null && Failures.isUnavailable(sql)) {
        throw new PostgresUnavailableException("cannot reach PostgreSQL at " + settings.url() + ": " + sql.getMessage(), e);
      }
      throw new PostgresStoreException("cannot migrate schema " + settings.schema() + " at " + settings.url()
          + " (is it ChatFlow's, of this version?): " + e.getMessage(), e);
    }
  }

  private static void requireNotNewer(PostgresSettings settings, Flyway flyway) {
    for (MigrationInfo applied : flyway.info().applied()) {
      if (applied.getState() == MigrationState.FUTURE_SUCCESS || applied.getState() == MigrationState.FUTURE_FAILED) {
        throw new PostgresStoreException("schema " + settings.schema() + " has version " + applied.getVersion()
            + ", newer than this build of ChatFlow knows; use a newer ChatFlow");
      }
    }
  }

  private static SQLException sqlCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        return sql;
      }
    }
    return null;
  }
}
