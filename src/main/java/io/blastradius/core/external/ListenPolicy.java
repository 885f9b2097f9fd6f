package io.blastradius.core.external;

import java.util.function.Consumer;

/**
 * Where proxies may listen: loopback only unless the user said otherwise ({@code --bind}), for
 * proxies created from the command line and from the API alike.
 *
 * <p>Loopback only: an explicit non-loopback address is refused; a wildcard ({@code 0.0.0.0},
 * {@code ::}, empty, as Testcontainers' Toxiproxy module asks for) is narrowed to 127.0.0.1, with a
 * warning. Opened up: any address is taken, with a warning for a non-loopback one.
 *
 * @param openTo the non-loopback address the user allowed ({@code 0.0.0.0}: any), or null
 */
public record ListenPolicy(String openTo, Consumer<String> warnings) {
  public static ListenPolicy loopbackOnly(Consumer<String> warnings) {
    return new ListenPolicy(null, warnings);
  }

  /** The address to bind for {@code requested}, or ExternalException(BAD_REQUEST) when it is not allowed. */
  public HostPort check(HostPort requested) {
    if (requested.loopback()) return requested;
    boolean open = openTo != null && (new HostPort(openTo, 0).wildcard() || openTo.equals(requested.host()));
    if (open) {
      warnings.accept("listening on " + requested + ": reachable from other machines");
      return requested;
    }
    if (requested.wildcard()) {
      HostPort narrowed = requested.withHost("127.0.0.1");
      warnings.accept("listen " + requested + " narrowed to " + narrowed + " (loopback only; --bind opens it)");
      return narrowed;
    }
    throw ExternalException.badRequest("listen address " + requested + " is not loopback; start blastradius with --bind "
        + requested.host() + " to allow it");
  }
}
