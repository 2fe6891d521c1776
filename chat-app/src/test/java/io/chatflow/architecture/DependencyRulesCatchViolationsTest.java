package io.chatflow.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.List;
import java.util.function.Function;

/** Each rule of {@link DependencyRules} fails on the fixture tree, naming the class that breaks it and no other. */
@AnalyzeClasses(packages = DependencyRulesCatchViolationsTest.ROOT)
class DependencyRulesCatchViolationsTest {
  static final String ROOT = "io.chatflow.architecture.fixture";

  @ArchTest
  static void aDomainClassUsingAPortOrALibraryIsCaught(JavaClasses fixture) {
    assertCaught(fixture, DependencyRules::domainDependsOnlyOnItselfAndTheJdk,
        List.of("domain.DomainUsingAPort", "domain.DomainUsingALibrary"), List.of("domain.PlainDomain"));
  }

  @ArchTest
  static void aServiceUsingAnAdapterIsCaught(JavaClasses fixture) {
    assertCaught(fixture, DependencyRules::portsDependOnlyOnTheDomainAndTheJdk,
        List.of("service.ServiceUsingAnAdapter"), List.of("service.ServiceUsingJdbc", "ports.Port"));
  }

  @ArchTest
  static void aServiceUsingJdbcIsCaught(JavaClasses fixture) {
    assertCaught(fixture, DependencyRules::theCoreUsesNoStorageTransportOrUiApiOfTheJdk,
        List.of("service.ServiceUsingJdbc"), List.of("service.ServiceUsingAnAdapter"));
  }

  @ArchTest
  static void anAdapterUsingAnotherFromASubpackageIsCaught(JavaClasses fixture) {
    assertCaught(fixture, DependencyRules::adaptersNeverDependOnEachOther,
        List.of("adapter.http.auth.AuthUsingMemory"), List.of("adapter.sqlite.SqliteUsingTheApp"));
  }

  @ArchTest
  static void packagesOfAnAdapterInACycleAreCaught(JavaClasses fixture) {
    assertCaught(fixture, DependencyRules::anAdaptersPackagesFormNoCycle,
        List.of("adapter.http.live.LiveUsingPlumbing", "adapter.http.plumbing.PlumbingUsingLive"),
        List.of("adapter.http.auth.AuthUsingMemory"));
  }

  @ArchTest
  static void anAdapterUsingTheAppIsCaught(JavaClasses fixture) {
    assertCaught(fixture, DependencyRules::adaptersNeverDependOnTheApp,
        List.of("adapter.sqlite.SqliteUsingTheApp"), List.of("adapter.http.auth.AuthUsingMemory"));
  }

  @ArchTest
  static void guiceOutsideTheAppIsCaught(JavaClasses fixture) {
    assertCaught(fixture, DependencyRules::onlyTheAppUsesGuice,
        List.of("adapter.http.auth.AuthUsingGuice"), List.of("app.AppModule"));
  }

  private static void assertCaught(
      JavaClasses fixture, Function<String, ArchRule> rule, List<String> breakers, List<String> innocents) {
    EvaluationResult result = rule.apply(ROOT).evaluate(fixture);
    String report = String.join("\n", result.getFailureReport().getDetails());
    assertThat(result.hasViolation()).as("violations found").isTrue();
    for (String breaker : breakers) {
      assertThat(report).contains(ROOT + "." + breaker);
    }
    for (String innocent : innocents) {
      assertThat(report).doesNotContain(ROOT + "." + innocent + ".").doesNotContain(ROOT + "." + innocent + ">")
          .doesNotContain(ROOT + "." + innocent + " ");
    }
  }
}
