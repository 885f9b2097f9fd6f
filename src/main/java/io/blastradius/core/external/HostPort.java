package io.blastradius.core.external;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A {@code HOST:PORT} as the API and the CLI take it ({@code [::1]:80} for IPv6), as Toxiproxy's
 * {@code listen} and {@code upstream} fields are written.
 *
 * @param host without brackets; empty for "every interface" ({@code ":8080"}, as Go reads it)
 */
public record HostPort(String host, int port) {

  /** Parses {@code s}; IllegalArgumentException naming it when it is not HOST:PORT with a port 0..65535. */
  public static HostPort parse(String what, String s) {
    if (s == null) throw new IllegalArgumentException(what + " is missing");
    int colon = s.lastIndexOf(':');
    if (colon < 0) throw new IllegalArgumentException(what + " '" + s + "' is not HOST:PORT");
    String host = s.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
    else if (host.contains(":")) throw new IllegalArgumentException(what + " '" + s + "' is not HOST:PORT (write IPv6 as [::1]:PORT)");
    int port;
    try {
      port = Integer.parseInt(s.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " '" + s + "' has no port number");
    }
    if (port < 0 || port > 65535) throw new IllegalArgumentException(what + " '" + s + "': port must be 0..65535");
    return new HostPort(host, port);
  }

  /** True for "", 0.0.0.0 and :: : every interface. */
  public boolean wildcard() {
    return host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") || host.equals("0:0:0:0:0:0:0:0");
  }

  /** True when the host names this machine's loopback (resolving a name, e.g. localhost). */
  public boolean loopback() {
    if (wildcard()) return false;
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  public HostPort withHost(String h) {
    return new HostPort(h, port);
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
