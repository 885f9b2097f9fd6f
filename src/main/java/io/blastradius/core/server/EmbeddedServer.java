package io.blastradius.core.server;

import io.blastradius.core.event.EventSink;
import io.blastradius.core.time.Clock;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;

/** SKELETON: the API the rest of the product codes against; the server is being built. */
public final class EmbeddedServer implements AutoCloseable {
  private EmbeddedServer() {}

  public static EmbeddedServer start(ServerConfig config, EventLoopGroup group, Clock clock, EventSink sink)
      throws java.io.IOException {
    throw new UnsupportedOperationException("not built yet");
  }

  public InetSocketAddress address() { throw new UnsupportedOperationException(); }
  public long pingsReceived() { throw new UnsupportedOperationException(); }
  public long goAwaysSent() { throw new UnsupportedOperationException(); }
  public long requestsServed() { throw new UnsupportedOperationException(); }
  @Override public void close() {}
}
