package io.blastradius.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** One core, two front ends: the boundary is a test, not a convention. */
class ArchitectureTest {
  private static final JavaClasses MAIN = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.blastradius");

  @Test
  void coreImportsNoJavaFx() {
    noClasses().that().resideInAPackage("io.blastradius.core..")
        .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..", "atlantafx..")
        .because("the engine runs headless in the CLI and CI; only io.blastradius.gui may touch JavaFX")
        .check(MAIN);
  }

  @Test
  void coreDoesNotReachIntoFrontEnds() {
    noClasses().that().resideInAPackage("io.blastradius.core..")
        .should().dependOnClassesThat().resideInAnyPackage("io.blastradius.gui..", "io.blastradius.cli..")
        .because("front ends depend on the core, never the reverse")
        .check(MAIN);
  }

  @Test
  void cliDoesNotUseTheGui() {
    noClasses().that().resideInAPackage("io.blastradius.cli..")
        .should().dependOnClassesThat().resideInAnyPackage("io.blastradius.gui..", "javafx..")
        .because("the CLI must run on a machine without a display")
        .check(MAIN);
  }

  @Test
  void policiesAreDecisionLogicOnly() {
    noClasses().that().resideInAPackage("io.blastradius.core.policy..")
        .should().dependOnClassesThat().resideInAnyPackage("io.netty..", "java.net..", "java.nio.channels..")
        .orShould().callMethod(Thread.class, "sleep", long.class)
        .because("policies are pure decisions over (connection state, event, now): no sockets, no sleeps")
        .check(MAIN);
  }

  @Test
  void thePoolCoreAndTheSimulationAreTransportFree() {
    noClasses().that().resideInAPackage("io.blastradius.core.sim..")
        .or().haveSimpleName("PoolCore").or().haveSimpleName("Link").or().haveSimpleName("Scheduler")
        .or().haveSimpleName("Transport").or().haveSimpleName("Request").or().haveSimpleName("PoolEffects")
        .should().dependOnClassesThat().resideInAnyPackage("io.netty.channel..", "io.netty.bootstrap..",
            "io.netty.handler..", "java.net..", "java.nio.channels..")
        .orShould().callMethod(Thread.class, "sleep", long.class)
        .orShould().callMethod(System.class, "nanoTime")
        .because("the pool's decisions read time only through a Scheduler, so the same core runs on sockets and in virtual time")
        .check(MAIN);
  }

  @Test
  void noFrontEndKeepsARunsEvents() {
    noClasses().that().doNotHaveFullyQualifiedName("io.blastradius.core.run.Runs")
        .and().doNotHaveFullyQualifiedName("io.blastradius.core.event.EventLog")
        .should().dependOnClassesThat().haveFullyQualifiedName("io.blastradius.core.event.EventLog")
        .orShould().callMethodWhere(new com.tngtech.archunit.base.DescribedPredicate<com.tngtech.archunit.core.domain.JavaMethodCall>("Runs.collect") {
          @Override
          public boolean test(com.tngtech.archunit.core.domain.JavaMethodCall call) {
            return call.getTargetOwner().getName().equals("io.blastradius.core.run.Runs") && call.getName().equals("collect");
          }
        })
        .because("summaries are folds computed as the events stream (ScoringSink, LiveModel, the recording writer):"
            + " memory must not grow with the length of a run; the recording on disk is the full history")
        .check(MAIN);
  }
}
