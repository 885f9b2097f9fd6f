package io.blastradius.gui.external;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.server.EmbeddedServer;
import io.blastradius.core.testutil.RawHttp1;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The real External workspace, clicked: type an upstream, Add proxy, connect a client through it,
 * and its card appears; the card's Unplug button black-holes that connection, Replug delivers.
 */
@ExtendWith(ApplicationExtension.class)
class ExternalRobotTest {
  private ExternalTabStack stack;
  private EmbeddedServer server;
  private ExternalViewModel vm;

  @Start
  void start(Stage stage) throws Exception {
    stack = new ExternalTabStack(stage, false, 1200, 600);
    server = stack.server;
    vm = stack.vm;
  }

  @AfterEach
  void tearDown() {
    stack.close();
  }

  static <T> T fx(Callable<T> c) throws Exception {
    return ExternalTabStack.fx(c);
  }

  static void waitFor(BooleanSupplier condition) throws Exception {
    ExternalTabStack.waitFor(condition);
  }

  @Test
  void addAProxyThenUnplugAndReplugItsFlowFromTheCard(FxRobot robot) throws Exception {
    TextField upstream = robot.lookup("#external-upstream").queryAs(TextField.class);
    robot.clickOn(upstream);
    fx(() -> {
      upstream.clear();
      return null;
    });
    robot.write("127.0.0.1:" + server.address().getPort());
    robot.clickOn("#external-add");
    waitFor(() -> vm.proxies().size() == 1);
    String listen = fx(() -> vm.proxies().get(0).listen());

    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1)))) {
      s.setSoTimeout(10_000);
      RawHttp1.get(s.getOutputStream(), "/");
      assertEquals("HTTP/1.1 200 OK", RawHttp1.read(s.getInputStream()).statusLine());
      waitFor(() -> robot.lookup("#unplug-proxy-1-1").tryQuery().isPresent());

      robot.clickOn("#unplug-proxy-1-1");
      waitFor(() -> "UNPLUGGED".equals(vm.cards().get(0).stateProperty().get()));
      assertEquals("Replug", fx(() -> robot.lookup("#unplug-proxy-1-1").queryAs(Labeled.class).getText()));
      s.setSoTimeout(500);
      RawHttp1.get(s.getOutputStream(), "/");
      assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read(), "the unplugged connection is silent");

      robot.clickOn("#unplug-proxy-1-1");
      s.setSoTimeout(10_000);
      assertEquals("HTTP/1.1 200 OK", RawHttp1.read(s.getInputStream()).statusLine(), "replugged from the card");
      waitFor(() -> "PLUGGED".equals(vm.cards().get(0).stateProperty().get()));
      assertTrue(fx(() -> vm.messageProperty().get()).startsWith("replugged proxy-1 flow 1"));
    }
  }
}
