package io.chatflow.adapter.postgres;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The test class needs a PostgreSQL server: without CHATFLOW_TEST_PG_URL its tests are skipped
 * (an assumption before any of them, so no per-test set-up or clean-up runs half-way).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(NeedsPostgres.Check.class)
@interface NeedsPostgres {
  final class Check implements BeforeAllCallback {
    @Override
    public void beforeAll(ExtensionContext context) {
      TestDatabase.assumeConfigured();
    }
  }
}
