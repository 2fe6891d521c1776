package io.chatflow.adapter.postgres;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The test class needs a PostgreSQL server: without CHATFLOW_TEST_PG_URL each of its tests is
 * skipped, saying why, before any per-test set-up runs (the kit's clean-up would fail after a
 * set-up that stopped half-way).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(NeedsPostgres.Check.class)
@interface NeedsPostgres {
  final class Check implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      if (TestDatabase.URL != null) {
        return ConditionEvaluationResult.enabled("PostgreSQL at " + TestDatabase.URL);
      }
      // per test, not per class: each one counts as skipped in the report
      if (context.getTestMethod().isEmpty()) {
        return ConditionEvaluationResult.enabled("each test says it is skipped");
      }
      return ConditionEvaluationResult.disabled(TestDatabase.NOT_CONFIGURED);
    }
  }
}
