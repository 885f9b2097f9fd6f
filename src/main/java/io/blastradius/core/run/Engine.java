package io.blastradius.core.run;

import java.util.Locale;

/** What carries a run's requests. */
public enum Engine {
  /** Real sockets in real time: the embedded server, the fault proxy and a Netty pool on loopback. */
  REAL,
  /**
   * The same pool core and policy on a simulated network and server in virtual time
   * ({@code core.sim}): deterministic, and a whole comparison takes a fraction of a second.
   */
  SIM;

  /** {@code real} or {@code sim}; anything else is an error naming the choices. */
  public static Engine parse(String s) {
    if (s != null) {
      for (Engine e : values()) {
        if (e.id().equals(s.trim().toLowerCase(Locale.ROOT))) return e;
      }
    }
    throw new IllegalArgumentException("unknown engine '" + s + "': choose real or sim");
  }

  /** The name a user types and a recording stores. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
