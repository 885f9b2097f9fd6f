package io.blastradius.core.net;

import io.blastradius.core.util.Durations;
import java.time.Duration;
import java.util.Objects;

/**
 * How long the embedded server and the fault proxy wait for a new connection to show it is a real
 * client, before closing it: the defence against slowloris and idle connections that would
 * otherwise hold a file descriptor each for the whole run.
 *
 * <ul>
 *   <li>server: the HTTP/2 preface, or the headers of the first HTTP/1 request, must arrive within
 *       {@code handshakeTimeout} of the accept (Go's {@code http.Server.ReadHeaderTimeout} plays
 *       this part for HTTP/1). After that a connection may idle as long as it likes.
 *   <li>proxy: the client's first byte must arrive within {@code handshakeTimeout}; a flow that is
 *       unplugged at that moment is left alone (the pool may hold a dead flow for the whole run,
 *       and nothing it sends then can be counted).
 * </ul>
 *
 * The pool's own connections send their first bytes at once, so the timeout never touches them.
 * A server that gives up on a connection whose flow is unplugged sends a FIN the proxy holds like
 * any other byte: the client still sees a black hole.
 *
 * <p>Default 10 s; {@code -Dblastradius.handshakeTimeout=30s} changes it for a process.
 */
public record ListenerLimits(Duration handshakeTimeout) {
  public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
  public static final String PROPERTY = "blastradius.handshakeTimeout";

  public ListenerLimits {
    Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
    if (handshakeTimeout.isZero() || handshakeTimeout.isNegative()) {
      throw new IllegalArgumentException("handshake timeout must be > 0, not " + handshakeTimeout);
    }
  }

  /** The default, or the system property {@value #PROPERTY} when it is set. */
  public static ListenerLimits defaults() {
    String p = System.getProperty(PROPERTY);
    if (p == null || p.isBlank()) return new ListenerLimits(DEFAULT_HANDSHAKE_TIMEOUT);
    try {
      return new ListenerLimits(Durations.parse(p.trim()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("-D" + PROPERTY + ": " + e.getMessage(), e);
    }
  }
}
