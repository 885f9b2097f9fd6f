package io.blastradius.core.proxy;

import io.blastradius.core.time.Clock;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Measures the heap a finished flow costs in the proxy's table of finished flows (not a test):
 * {@code FinishedFlowHeap N} relays one byte over N short flows on loopback, then prints the
 * growth of heap after GC, per flow. N at most {@link FaultProxy#KEEP_FINISHED} (the table's size).
 */
public final class FinishedFlowHeap {
  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try (ServerSocket target = new ServerSocket(0, 1_000, InetAddress.getLoopbackAddress())) {
      InetSocketAddress to = (InetSocketAddress) target.getLocalSocketAddress();
      try (FaultProxy warm = FaultProxy.start("127.0.0.1", 0, to, group, Clock.SYSTEM, e -> {})) {
        flows(warm, target, n); // loads classes and fills Netty's buffer pools first
      }
      try (FaultProxy p = FaultProxy.start("127.0.0.1", 0, to, group, Clock.SYSTEM, e -> {})) {
        long before = heapAfterGc();
        flows(p, target, n);
        long after = heapAfterGc();
        System.out.printf("%d finished flows kept: heap after GC %+,d bytes, %,d bytes per flow%n",
            p.flows().size(), after - before, (after - before) / n);
      }
    } finally {
      group.shutdownGracefully().syncUninterruptibly();
    }
  }

  private static void flows(FaultProxy p, ServerSocket target, int n) throws Exception {
    for (int i = 0; i < n; i++) {
      try (Socket c = new Socket(InetAddress.getLoopbackAddress(), p.address().getPort()); Socket s = target.accept()) {
        c.getOutputStream().write('x');
        s.getInputStream().read();
      }
    }
    while (p.flows().stream().anyMatch(f -> f.state() != FlowInfo.FlowState.CLOSED)) Thread.sleep(10);
  }

  private static long heapAfterGc() throws InterruptedException {
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
