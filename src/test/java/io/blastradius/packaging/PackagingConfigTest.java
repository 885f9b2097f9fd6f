package io.blastradius.packaging;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.blastradius.cli.Cli;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.module.ResolvedModule;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Guards jpackage/ (the desktop packaging) without running jpackage: the names the script and
 * its properties files use must still match the icon, the main class, the jar, the recording
 * extension the CLI writes and the JDK modules the code needs. Each of these breaks the package
 * silently otherwise (jpackage ignores a mis-named resource file and happily bundles a runtime
 * that lacks a module until the first class from it is loaded).
 */
class PackagingConfigTest {
  private static final Path ROOT = Path.of("").toAbsolutePath();
  private static final Path JP = ROOT.resolve("jpackage");
  private static String script;
  private static Map<String, String> vars;

  @BeforeAll
  static void readScript() throws IOException {
    script = Files.readString(JP.resolve("build.sh"));
    vars = new LinkedHashMap<>();
    // NAME=value lines at the start of a line (the script's configuration block).
    Matcher m = Pattern.compile("(?m)^([A-Z_]+)=(\"[^\"]*\"|\\S+)").matcher(script);
    while (m.find()) {
      vars.put(m.group(1), m.group(2).replaceAll("^\"|\"$", ""));
    }
  }

  private static String var(String name) {
    String v = vars.get(name);
    if (v == null) fail("jpackage/build.sh no longer sets " + name + "=...");
    return v;
  }

  /** The file jpackage/build.sh passes to an option, e.g. --file-associations FILE. */
  private static Path optionFile(String option, String valuePrefix) {
    Matcher m = Pattern.compile(Pattern.quote(option) + "\\s+" + Pattern.quote(valuePrefix) + "(\\S+)").matcher(script);
    assertTrue(m.find(), "jpackage/build.sh has no " + option + " " + valuePrefix + "...");
    return ROOT.resolve(m.group(1));
  }

  private static Properties props(Path file) throws IOException {
    assertTrue(Files.isRegularFile(file), file + " is missing");
    Properties p = new Properties();
    p.load(new StringReader(Files.readString(file)));
    return p;
  }

  @Test
  void iconIsASquarePngOfAtLeast256Pixels() throws IOException {
    assertTrue(script.contains("--icon \"$ICON\""), "the script no longer passes $ICON to --icon");
    Path icon = ROOT.resolve(var("ICON"));
    assertTrue(Files.isRegularFile(icon), "jpackage/build.sh names the icon " + icon + ", which does not exist");
    int[] size = pngSize(icon);
    assertEquals(size[0], size[1], "icon is not square");
    assertTrue(size[0] >= 256, "icon is " + size[0] + "px; desktop menus want 256");
  }

  @Test
  void mainClassIsAPlainLauncherWithMain() throws Exception {
    String name = var("MAIN_CLASS");
    assertTrue(script.contains("--main-class \"$MAIN_CLASS\""), "the script no longer passes $MAIN_CLASS");
    Class<?> c = Class.forName(name, false, getClass().getClassLoader());
    Method main = c.getMethod("main", String[].class);
    assertTrue(Modifier.isStatic(main.getModifiers()), name + ".main is not static");
    // A shaded (class-path) jar whose main class extends Application fails at start with
    // "JavaFX runtime components are missing".
    for (Class<?> k = c; k != null; k = k.getSuperclass()) {
      assertFalse(k.getName().equals("javafx.application.Application"),
          name + " extends javafx.application.Application: the packaged jar would not start");
    }
    // And the pom's shaded jar announces the same class.
    String pom = Files.readString(ROOT.resolve("pom.xml"));
    assertTrue(pom.contains("<main.class>" + name + "</main.class>"), "pom.xml main.class is not " + name);
  }

  @Test
  void mainJarIsTheShadedJarTheBuildProduces() throws IOException {
    String pom = Files.readString(ROOT.resolve("pom.xml"));
    Matcher m = Pattern.compile("<finalName>([^<]+)</finalName>").matcher(pom);
    assertTrue(m.find(), "pom.xml has no finalName");
    assertEquals(m.group(1) + ".jar", var("MAIN_JAR"), "jpackage/build.sh MAIN_JAR vs pom finalName");
    assertTrue(script.contains("--main-jar \"$MAIN_JAR\""));
  }

  @Test
  void fileAssociationIsTheRecordingExtensionWithAMimeType() throws IOException {
    Properties fa = props(optionFile("--file-associations", ""));
    String ext = fa.getProperty("extension");
    assertEquals("blastrec", ext, "file association extension");
    String mime = fa.getProperty("mime-type", "");
    assertTrue(mime.matches("application/x-[a-z0-9.+-]+"), "mime-type '" + mime + "' is not an application/x-... type");
    assertFalse(fa.getProperty("description", "").isBlank(), "file association has no description");
    String icon = fa.getProperty("icon");
    assertTrue(icon != null && Files.isRegularFile(ROOT.resolve(icon)), "file association icon " + icon + " is missing");
    int[] size = pngSize(ROOT.resolve(icon));
    assertEquals(size[0], size[1], "file association icon is not square");

    // The extension is the one the CLI writes and reads: renaming it there must fail here.
    CommandLine cli = Cli.commandLine();
    String record = String.join(" ", cli.getSubcommands().get("run").getCommandSpec().findOption("--record").description());
    String replay = String.join(" ", cli.getSubcommands().get("replay").getCommandSpec().positionalParameters().get(0).description());
    assertTrue(record.contains("." + ext), "run --record no longer writes ." + ext + ": " + record);
    // The .deb's prerm removes the document icon by its MIME-derived name.
    String prerm = Files.readString(optionFile("--resource-dir", "").resolve("prerm"));
    assertTrue(prerm.contains("--context mimetypes --size 128 " + mime.replace('/', '-')),
        "jpackage/resources/prerm does not remove the icon of " + mime);
    assertTrue(replay.contains("." + ext), "replay no longer reads ." + ext + ": " + replay);
  }

  @Test
  void cliLauncherPrintsHelpWithoutArgumentsAndIsNamedBlastradiusCli() throws IOException {
    Path file = optionFile("--add-launcher", "blastradius-cli=");
    Properties p = props(file);
    // jpackage uses these only when the launcher gets no arguments: they must be a valid CLI
    // invocation that prints the help and exits 0, not open the window (empty) or fail.
    String args = p.getProperty("arguments", "");
    assertFalse(args.isBlank(), "blastradius-cli without arguments would open the window");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Cli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args.trim().split("\\s+"));
    assertEquals(0, code, "blastradius-cli default arguments '" + args + "' fail: " + err);
    assertTrue(out.toString().startsWith("Usage: blastradius"), "default arguments do not print the help: " + out);
  }

  @Test
  void desktopTemplatesAreNamedAfterTheLaunchersSoJpackageUsesThem() throws Exception {
    Path dir = optionFile("--resource-dir", "");
    Path main = dir.resolve(var("APP_NAME") + ".desktop");
    Path cli = dir.resolve("blastradius-cli.desktop");
    assertTrue(Files.isRegularFile(main), "no " + main + ": jpackage would use its default entry");
    assertTrue(Files.isRegularFile(cli), "no " + cli + ": the CLI would get a visible menu entry");
    String m = Files.readString(main);
    assertAll(
        () -> assertTrue(m.contains("Icon=APPLICATION_ICON"), "main entry lost its icon"),
        () -> assertTrue(m.contains("Categories=DEPLOY_BUNDLE_CATEGORY"), "main entry lost its categories"),
        () -> assertTrue(m.contains("\nDESKTOP_MIMES"), "main entry lost the MimeType of the file association"),
        // One file per process (%f, not %F): Launcher opens the window for exactly one .blastrec.
        () -> assertTrue(m.contains("\nExec=APPLICATION_LAUNCHER %f\n"), "main entry must pass the opened recording as %f"),
        () -> assertTrue(Files.readString(cli).contains("NoDisplay=true"), "CLI entry would show in the menu"));
    // Docks match a window to its menu entry (and icon) by WM_CLASS, which JavaFX on GTK sets
    // to the Application subclass's name.
    Matcher wm = Pattern.compile("(?m)^StartupWMClass=(\\S+)$").matcher(m);
    assertTrue(wm.find(), "main entry has no StartupWMClass");
    Class<?> app = assertDoesNotThrow(() -> Class.forName(wm.group(1), false, getClass().getClassLoader()),
        "StartupWMClass names " + wm.group(1) + ", which is no class here");
    assertEquals("javafx.application.Application", app.getSuperclass().getName(),
        "StartupWMClass " + app.getName() + " is not the JavaFX Application (the window's WM_CLASS)");
    Matcher g = Pattern.compile("--linux-menu-group \"([^\"]+)\"").matcher(script);
    assertTrue(g.find(), "no --linux-menu-group");
    Set<String> cats = new TreeSet<>(Arrays.asList(g.group(1).split(";")));
    assertTrue(cats.containsAll(Set.of("Development", "Network")), "menu categories " + cats);
    assertTrue(script.contains("--linux-package-deps libgtk-3-0"), "the .deb must depend on GTK 3 (JavaFX 21)");
  }

  /**
   * The jlink'd runtime holds only MODULES (and what they require). Every JDK module our own
   * classes use must be in it, or the packaged app fails with NoClassDefFoundError at the
   * first use. (Library needs were checked with jdeps on the shaded jar: see build.sh.)
   */
  @Test
  void runtimeModulesCoverWhatOurClassesUse() {
    List<String> listed = Arrays.asList(var("MODULES").split(","));
    assertTrue(script.contains("--add-modules \"$MODULES\""), "the script no longer passes $MODULES");
    Set<String> runtime = closure(listed);
    for (String needed : List.of("java.base", "java.desktop", "java.logging", "java.prefs", "jdk.unsupported")) {
      assertTrue(runtime.contains(needed), needed + " missing from the runtime (JavaFX, Netty, the window's preferences)");
    }
    // A provider, found through ServiceLoader, so jdeps cannot see it: EC keys and ECDHE for --tls.
    assertTrue(runtime.contains("jdk.crypto.ec"), "jdk.crypto.ec missing: --tls and --tls-intercept need EC keys");

    ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Path classes = ROOT.resolve("target/classes");
    assertTrue(Files.isDirectory(classes), "no target/classes");
    int code = jdeps.run(new PrintWriter(out), new PrintWriter(err),
        "--print-module-deps", "--ignore-missing-deps", "--multi-release", "17", classes.toString());
    assertEquals(0, code, "jdeps failed: " + err);
    List<String> used = new ArrayList<>(Arrays.asList(out.toString().trim().split(",")));
    used.removeIf(runtime::contains);
    assertTrue(used.isEmpty(), "our classes use JDK modules the packaged runtime lacks: " + used
        + " (add them to MODULES in jpackage/build.sh)");
  }

  private static Set<String> closure(List<String> roots) {
    ModuleFinder system = ModuleFinder.ofSystem();
    for (String r : roots) {
      assertTrue(system.find(r).isPresent(), "MODULES names " + r + ", which is not a JDK module");
    }
    Configuration cf = Configuration.empty().resolve(system, ModuleFinder.of(), roots);
    return cf.modules().stream().map(ResolvedModule::name).collect(Collectors.toCollection(TreeSet::new));
  }

  private static int[] pngSize(Path png) throws IOException {
    try (InputStream in = Files.newInputStream(png); DataInputStream d = new DataInputStream(in)) {
      byte[] sig = d.readNBytes(8);
      assertEquals((byte) 0x89, sig[0], png + " is not a PNG");
      assertEquals("PNG", new String(sig, 1, 3, java.nio.charset.StandardCharsets.US_ASCII), png + " is not a PNG");
      d.readInt(); // IHDR length
      assertEquals("IHDR", new String(d.readNBytes(4), java.nio.charset.StandardCharsets.US_ASCII));
      return new int[] {d.readInt(), d.readInt()};
    }
  }
}
