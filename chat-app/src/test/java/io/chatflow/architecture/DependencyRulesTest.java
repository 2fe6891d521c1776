package io.chatflow.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;

/** The shipped classes of every module (chat-app depends on them all) against the dependency rules. */
@AnalyzeClasses(
    packages = "io.chatflow",
    importOptions = {ImportOption.DoNotIncludeTests.class, DependencyRulesTest.NoTestJars.class})
class DependencyRulesTest {
  private static final String ROOT = "io.chatflow";

  @ArchTest
  static final ArchRule domain = DependencyRules.domainDependsOnlyOnItselfAndTheJdk(ROOT);

  @ArchTest
  static final ArchRule ports = DependencyRules.portsDependOnlyOnTheDomainAndTheJdk(ROOT);

  @ArchTest
  static final ArchRule jdkApis = DependencyRules.theCoreUsesNoStorageTransportOrUiApiOfTheJdk(ROOT);

  @ArchTest
  static final ArchRule adaptersApart = DependencyRules.adaptersNeverDependOnEachOther(ROOT);

  @ArchTest
  static final ArchRule adapterPackages = DependencyRules.anAdaptersPackagesFormNoCycle(ROOT);

  @ArchTest
  static final ArchRule adaptersBelowTheApp = DependencyRules.adaptersNeverDependOnTheApp(ROOT);

  @ArchTest
  static final ArchRule guice = DependencyRules.onlyTheAppUsesGuice(ROOT);

  /** Rules over too few classes pass for nothing: every floor and adapter must be there, and no test code. */
  @ArchTest
  static void everyModuleIsImportedAndNoTestCode(JavaClasses classes) {
    List<String> packages = classes.stream().map(JavaClass::getPackageName).distinct().toList();
    for (String floor : List.of("domain", "ports", "service", "adapter.memory", "adapter.sqlite", "adapter.postgres", "adapter.http", "app",
        "testing")) {
      assertThat(packages).as(floor).anyMatch(p -> (p + ".").startsWith(ROOT + "." + floor + "."));
    }
    assertThat(packages).noneMatch(p -> p.startsWith(ROOT + ".kit") || p.startsWith(ROOT + ".architecture")
        || p.startsWith(ROOT + ".examples"));
  }

  /** The contract kit ships as chat-ports' test jar: test code, whatever its path. */
  static final class NoTestJars implements ImportOption {
    @Override
    public boolean includes(Location location) {
      return !location.contains("-tests.jar");
    }
  }
}
