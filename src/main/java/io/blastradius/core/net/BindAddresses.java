package io.blastradius.core.net;

import io.netty.bootstrap.AbstractBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;

/**
 * Turns the address a user gave ({@code --bind}) into a bound listener, or into one line that
 * names the problem: a host name that does not resolve, an address that is not this machine's, a
 * port in use or reserved. Shared by the embedded server and the fault proxy.
 */
public final class BindAddresses {
  private BindAddresses() {}

  /**
   * Resolves {@code host} and checks it is an address of this machine (or the wildcard).
   *
   * @throws IOException naming the problem, e.g. "10.255.255.1 is not an address of this machine"
   */
  public static InetAddress local(String host) throws IOException {
    if (host == null || host.isBlank()) throw new IOException("the bind address is empty");
    InetAddress addr;
    try {
      addr = InetAddress.getByName(host.trim());
    } catch (UnknownHostException e) {
      throw new IOException("cannot bind to '" + host + "': no such host", e);
    } catch (SecurityException e) {
      throw new IOException("cannot bind to '" + host + "': " + e.getMessage(), e);
    }
    if (addr.isAnyLocalAddress() || addr.isLoopbackAddress()) return addr;
    try {
      if (NetworkInterface.getByInetAddress(addr) != null) return addr;
    } catch (SocketException e) {
      // cannot tell: let bind decide
      return addr;
    }
    throw new IOException(describe(host, addr) + " is not an address of this machine");
  }

  /** True for 0.0.0.0 and ::, which expose a listener on every interface. */
  public static boolean isWildcard(String host) {
    try {
      return InetAddress.getByName(host.trim()).isAnyLocalAddress();
    } catch (UnknownHostException | RuntimeException e) {
      return false;
    }
  }

  /** Binds {@code b} to {@code host:port} and waits; the message of a failure names the address. */
  public static Channel bind(AbstractBootstrap<?, ?> b, String host, int port) throws IOException {
    InetAddress addr = local(host);
    String where = host + ":" + port;
    ChannelFuture bound = b.bind(new InetSocketAddress(addr, port)).awaitUninterruptibly();
    if (bound.isSuccess()) return bound.channel();
    throw failure(where, bound.cause());
  }

  /** One line for a failed bind, from the exception the socket gave. */
  public static IOException failure(String where, Throwable cause) {
    String m = cause == null || cause.getMessage() == null ? "" : cause.getMessage().toLowerCase();
    if (m.contains("in use")) return new IOException(where + " is already in use", cause);
    if (m.contains("cannot assign requested address")) return new IOException(where + " is not an address of this machine", cause);
    if (m.contains("permission denied")) return new IOException(where + ": permission denied (ports below 1024 need privileges)", cause);
    if (cause instanceof BindException) return new IOException("cannot listen on " + where + ": " + cause.getMessage(), cause);
    String what = cause == null ? "unknown error" : cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return new IOException("cannot listen on " + where + ": " + what, cause);
  }

  private static String describe(String host, InetAddress addr) {
    String ip = addr.getHostAddress();
    return ip.equals(host.trim()) ? ip : host + " (" + ip + ")";
  }
}
