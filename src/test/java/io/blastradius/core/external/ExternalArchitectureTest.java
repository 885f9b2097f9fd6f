package io.blastradius.core.external;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The external mode sits on top of the fault proxy, never inside it. */
class ExternalArchitectureTest {
  private static final JavaClasses CORE = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.blastradius.core");

  @Test
  void theFaultProxyKnowsNothingOfTheExternalMode() {
    noClasses().that().resideInAPackage("io.blastradius.core.proxy..")
        .should().dependOnClassesThat().resideInAPackage("io.blastradius.core.external..")
        .because("toxics, the API and named proxies reach flows only through FlowHook and FaultProxy's public faults")
        .check(CORE);
  }

  @Test
  void toxicsDoNotReachTheApi() {
    noClasses().that().resideInAnyPackage("io.blastradius.core.external", "io.blastradius.core.external.toxic")
        .should().dependOnClassesThat().resideInAPackage("io.blastradius.core.external.api..")
        .because("the HTTP API is one front end of the registry, like the CLI and the window")
        .check(CORE);
  }
}
