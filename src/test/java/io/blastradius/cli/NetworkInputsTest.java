package io.blastradius.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.net.BindAddresses;
import io.blastradius.core.proxy.FaultProxy;
import io.blastradius.core.server.EmbeddedServer;
import io.blastradius.core.server.ServerConfig;
import io.blastradius.core.time.Clock;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad addresses and output folders: one line naming the problem, exit 2, before any request. */
class NetworkInputsTest {
  @TempDir Path dir;

  record Result(int code, String out, String err) {}

  static Result cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Cli.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  static void assertOneLine(Result r, String expected) {
    assertEquals(2, r.code(), r.err());
    assertEquals(expected + System.lineSeparator(), r.err(), "one line, nothing run");
    assertEquals("", r.out());
  }

  @Test
  void anAddressOfAnotherMachineIsNotCalledInUse() {
    assertOneLine(cli("run", "--bind", "10.255.255.1", "--requests", "1", "--warmup", "0"),
        "blastradius: --bind: 10.255.255.1 is not an address of this machine");
  }

  @Test
  void aHostNameThatDoesNotResolveIsNamed() {
    Result r = cli("run", "--bind", "no-such-host.invalid", "--requests", "1", "--warmup", "0");
    assertOneLine(r, "blastradius: --bind: cannot bind to 'no-such-host.invalid': no such host");
    assertFalse(r.err().contains("null"));
  }

  @Test
  void aMissingRecordFolderIsNamed() {
    Path file = dir.resolve("no-such-folder").resolve("x.blastrec");
    assertOneLine(cli("run", "--record", file.toString(), "--requests", "1", "--warmup", "0"),
        "blastradius: --record " + file + ": the folder " + file.getParent() + " does not exist");
    assertOneLine(cli("compare", "--scenario", "seed", "--policy", "h1", "--record", file.toString(), "--warmup", "0"),
        "blastradius: --record " + file + ": the folder " + file.getParent() + " does not exist");
  }

  @Test
  void theWildcardIsAcceptedWithAWarningOnStderr() {
    StringWriter err = new StringWriter();
    NetworkInputs.checkBind("0.0.0.0", new PrintWriter(err, true));
    assertTrue(err.toString().startsWith("blastradius: warning: --bind 0.0.0.0 exposes the server and the fault proxy on every network interface"),
        err.toString());
    StringWriter quiet = new StringWriter();
    NetworkInputs.checkBind("127.0.0.1", new PrintWriter(quiet, true));
    NetworkInputs.checkBind("localhost", new PrintWriter(quiet, true)); // a host name that resolves is fine
    assertEquals("", quiet.toString());
  }

  @Test
  void listenersNameTheProblemTooWhenStartedFromCode() throws Exception {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try {
      IOException e = assertThrows(IOException.class, () -> EmbeddedServer.start(
          new ServerConfig("10.255.255.1", 0, 250, io.blastradius.core.server.DelayModel.none(), null), group, Clock.SYSTEM, x -> {}));
      assertEquals("10.255.255.1 is not an address of this machine", e.getMessage());
      IOException p = assertThrows(IOException.class, () -> FaultProxy.start("no-such-host.invalid", 0,
          new InetSocketAddress("127.0.0.1", 9), group, Clock.SYSTEM, x -> {}));
      assertEquals("cannot bind to 'no-such-host.invalid': no such host", p.getMessage());
      try (EmbeddedServer s = EmbeddedServer.start(new ServerConfig("localhost", 0, 250,
          io.blastradius.core.server.DelayModel.none(), null), group, Clock.SYSTEM, x -> {})) {
        assertTrue(s.address().getAddress().isLoopbackAddress());
        IOException inUse = assertThrows(IOException.class, () -> EmbeddedServer.start(
            ServerConfig.defaults().withPort(s.address().getPort()), group, Clock.SYSTEM, x -> {}));
        assertEquals("127.0.0.1:" + s.address().getPort() + " is already in use", inUse.getMessage());
      }
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
    assertEquals("1.2.3.4:80: permission denied (ports below 1024 need privileges)",
        BindAddresses.failure("1.2.3.4:80", new BindException("Permission denied")).getMessage());
  }
}
