package io.blastradius.gui;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import javafx.application.Platform;
import org.junit.jupiter.api.Test;

/**
 * The window's own rules, as failing tests: view models hold state, not nodes; nothing posts to
 * the FX thread per event (producers publish, the window samples once per pulse); the live model
 * the window folds is headless.
 */
class GuiArchitectureTest {
  private static final JavaClasses GUI = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.blastradius.gui", "io.blastradius.core.live");

  @Test
  void viewModelsHoldStateNotNodes() {
    noClasses().that().haveSimpleNameEndingWith("ViewModel").or().haveSimpleName("WorkbenchModel")
        .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "javafx.stage..", "javafx.animation..")
        .because("view models expose properties and commands; views bind to them (and tests need no toolkit)")
        .check(GUI);
  }

  @Test
  void nothingPostsToTheFxThreadPerEvent() {
    noClasses().should().callMethod(Platform.class, "runLater", Runnable.class)
        .because("events reach the UI only through LiveModel.snapshot, once per pulse; one-off"
            + " completions go through the injected fx executor")
        .check(GUI);
  }

  @Test
  void theLiveModelIsHeadless() {
    noClasses().that().resideInAPackage("io.blastradius.core.live..")
        .should().dependOnClassesThat().resideInAnyPackage("javafx..", "io.blastradius.gui..")
        .because("the fold also serves replays and the CLI")
        .check(GUI);
  }
}
