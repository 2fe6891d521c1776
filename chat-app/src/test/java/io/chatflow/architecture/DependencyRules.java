package io.chatflow.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.lang.ArchRule;

/**
 * The four floors of ARCHITECTURE.md as rules: domain, ports (with the services that
 * implement them), adapters, app. Each takes the root package, so the same rules that guard
 * {@code io.chatflow} can be shown to fail on a fixture tree that breaks them.
 */
final class DependencyRules {
  /** The JDK's SQL, HTTP and desktop APIs: the core has no SQL and no HTTP. */
  private static final String[] STORAGE_TRANSPORT_AND_UI = {
      "java.sql..", "javax..", "java.net.http..", "com.sun.net..", "java.awt.."};

  private DependencyRules() {}

  static ArchRule domainDependsOnlyOnItselfAndTheJdk(String root) {
    return classes().that().resideInAPackage(root + ".domain..")
        .should().onlyDependOnClassesThat().resideInAnyPackage(root + ".domain..", "java..")
        .because("the domain depends on nothing of ours and on no library");
  }

  static ArchRule portsDependOnlyOnTheDomainAndTheJdk(String root) {
    return classes().that().resideInAnyPackage(root + ".ports..", root + ".service..")
        .should().onlyDependOnClassesThat()
        .resideInAnyPackage(root + ".domain..", root + ".ports..", root + ".service..", "java..")
        .because("the core knows no adapter, no app and no library");
  }

  static ArchRule theCoreUsesNoStorageTransportOrUiApiOfTheJdk(String root) {
    return noClasses().that().resideInAnyPackage(root + ".domain..", root + ".ports..", root + ".service..")
        .should().dependOnClassesThat().resideInAnyPackage(STORAGE_TRANSPORT_AND_UI)
        .because("SQL belongs to a store adapter and HTTP to a transport adapter");
  }

  static ArchRule adaptersNeverDependOnEachOther(String root) {
    return slices().matching(root + ".adapter.(*)..").namingSlices("adapter $1")
        .should().notDependOnEachOther()
        .because("an adapter talks to the core through its ports only");
  }

  static ArchRule anAdaptersPackagesFormNoCycle(String root) {
    return slices().matching(root + ".adapter.(*).(*)..").namingSlices("$1 package $2")
        .should().beFreeOfCycles()
        .because("an adapter's packages by concern build on each other in one direction");
  }

  static ArchRule adaptersNeverDependOnTheApp(String root) {
    return noClasses().that().resideInAPackage(root + ".adapter..")
        .should().dependOnClassesThat().resideInAnyPackage(root, root + ".app..", root + ".testing..")
        .because("the app assembles the adapters, never the other way round");
  }

  static ArchRule onlyTheAppUsesGuice(String root) {
    return noClasses().that().resideInAPackage(root + "..")
        .and().resideOutsideOfPackages(root + ".app..", root + ".testing..")
        .should().dependOnClassesThat().resideInAPackage("com.google.inject..")
        .because("assembly is the app's job; the core and the adapters are plain classes");
  }
}
