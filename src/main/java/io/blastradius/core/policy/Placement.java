package io.blastradius.core.policy;

/** Where a new request goes. */
public sealed interface Placement {
  /** Put it on this connection now. */
  record Use(Conn conn) implements Placement {}

  /** Open a new connection and put it there once ready. */
  record Dial() implements Placement {}

  /** Hold the request and ask again at {@code until} (or sooner, when the pool changes). */
  record Wait(long until) implements Placement {}

  /** Fail it at once without touching the network (e.g. the host is ejected). */
  record Reject(String why) implements Placement {}

  Placement DIAL = new Dial();

  static Placement use(Conn c) {
    return new Use(c);
  }
}
