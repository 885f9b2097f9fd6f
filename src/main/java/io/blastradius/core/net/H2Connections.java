package io.blastradius.core.net;

import io.netty.handler.codec.http2.DefaultHttp2Connection;
import io.netty.handler.codec.http2.DefaultHttp2RemoteFlowController;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.UniformStreamByteDistributor;

/**
 * The HTTP/2 connection both ends of the embedded stack (the pool and the server) build their
 * codec on: Netty's {@link DefaultHttp2Connection} whose outbound flow control shares the window
 * evenly between streams ({@link UniformStreamByteDistributor}) instead of by the RFC 7540 priority
 * tree (Netty's default, {@code WeightedFairQueueByteDistributor}). Nothing here sends PRIORITY
 * (RFC 9113 §5.3.2 deprecates the scheme), so the bytes on the wire are the same; the priority
 * tree's bookkeeping on every stream opened and closed was about 5 % of a sequential request's CPU.
 */
public final class H2Connections {
  private H2Connections() {}

  /** A fresh connection for one channel; {@code server} as in Netty's builders. */
  public static Http2Connection uniform(boolean server) {
    DefaultHttp2Connection c = new DefaultHttp2Connection(server);
    c.remote().flowController(new DefaultHttp2RemoteFlowController(c, new UniformStreamByteDistributor(c)));
    return c;
  }
}
