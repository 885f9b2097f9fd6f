package io.blastradius.core.wire;

import io.blastradius.core.event.Event;
import io.blastradius.core.event.EventSink;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.handler.codec.http2.Http2Settings;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The wire decoder alone, without sockets: the CPU time of this thread per request for an
 * HTTP/1.1 request/response pair and an HTTP/2 one, as the product's pool and server send them
 * (HTTP/2 frames from Netty's own writer, HPACK dynamic table in step), each request and each
 * response one read from a pooled direct buffer as the relay hands them over. Rounds alternate
 * the protocols; the least per protocol is printed, and their ratio.
 *
 * <pre>
 * mvn -q -o test-compile
 * mvn -q -o exec:java -Dexec.classpathScope=test -Dmain.class=io.blastradius.core.wire.DecoderBench \
 *     -Dexec.args="10 2000"
 * </pre>
 *
 * Arguments: rounds (default 10), conversations of 1,000 requests per round (default 2,000).
 */
public final class DecoderBench {
  private static final int PER_CONVERSATION = 1_000;

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int conversations = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
    byte[] h1Request = "GET / HTTP/1.1\r\nhost: blastradius\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    byte[] h1Response = "HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 3\r\n\r\nok\n"
        .getBytes(StandardCharsets.US_ASCII);
    Frames client = new Frames();
    Frames server = new Frames();
    byte[][] h2Requests = new byte[PER_CONVERSATION][];
    byte[][] h2Responses = new byte[PER_CONVERSATION][];
    byte[] h2ClientStart = client.preface().settings(new Http2Settings().pushEnabled(false)).take();
    byte[] h2ServerStart = server.settings(new Http2Settings().maxConcurrentStreams(250)).settingsAck().take();
    for (int i = 0; i < PER_CONVERSATION; i++) {
      int stream = 2 * i + 1;
      h2Requests[i] = client.headers(stream, Frames.REQUEST, true).take();
      h2Responses[i] = server.headers(stream, Frames.RESPONSE, false).data(stream, 3, true).take();
    }
    client.channel.finishAndReleaseAll();
    server.channel.finishAndReleaseAll();
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    double bestH1 = Double.MAX_VALUE;
    double bestH2 = Double.MAX_VALUE;
    long[] events = {0};
    EventSink sink = e -> {
      if (!(e instanceof Event.WireSummary)) events[0]++;
    };
    Frames ctxs = new Frames();
    for (int r = 0; r < rounds; r++) {
      for (int k = 0; k < 2; k++) {
        boolean h1 = (k == 0) == (r % 2 == 0);
        long t0 = cpu.getCurrentThreadCpuTime();
        for (int c = 0; c < conversations; c++) {
          FlowDecoder d = new FlowDecoder(c, System::nanoTime, sink);
          if (!h1) {
            read(d, ctxs, h2ClientStart, true);
            read(d, ctxs, h2ServerStart, false);
          }
          for (int i = 0; i < PER_CONVERSATION; i++) {
            read(d, ctxs, h1 ? h1Request : h2Requests[i], true);
            read(d, ctxs, h1 ? h1Response : h2Responses[i], false);
          }
          if (!d.active()) throw new IllegalStateException("the bench's bytes did not decode");
          d.close();
        }
        double ns = (cpu.getCurrentThreadCpuTime() - t0) / (double) conversations / PER_CONVERSATION;
        if (h1) bestH1 = Math.min(bestH1, ns);
        else bestH2 = Math.min(bestH2, ns);
        System.out.printf(Locale.ROOT, "round %d %s: %.0f ns CPU per request%n", r, h1 ? "http/1.1" : "h2", ns);
      }
    }
    System.out.printf(Locale.ROOT, "least: http/1.1 %.0f ns, h2 %.0f ns per request (h1/h2 %.2f); %d events%n",
        bestH1, bestH2, bestH1 / bestH2, events[0]);
    ctxs.channel.finishAndReleaseAll();
  }

  /** One read of {@code bytes}, in a pooled direct buffer as the relay's socket reads fill. */
  private static void read(FlowDecoder d, Frames ctxs, byte[] bytes, boolean fromClient) {
    ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length).writeBytes(bytes);
    try {
      if (fromClient) d.fromClient(ctxs.ctx, b);
      else d.fromServer(ctxs.ctx, b);
    } finally {
      b.release();
    }
  }
}
