package io.blastradius.core.wire;

import io.blastradius.core.proxy.FlowTap;
import io.netty.channel.Channel;
import io.netty.handler.pcap.PcapWriteHandler;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A capture of every flow's bytes into one classic pcap file, with Netty's
 * {@link PcapWriteHandler} on each flow's client-side socket: each flow is a TCP conversation
 * between the client's port and the proxy's, with synthetic IP/TCP headers (a handshake when the
 * flow opens, FINs when it closes). Wireshark and tshark decode it as HTTP/2 with
 * {@code -d tcp.port==PROXY_PORT,http2}.
 *
 * <p>What it holds is what the proxy read from the client and wrote to it: under a held unplug
 * the client's bytes stay in the kernel, so the capture shows the flow going quiet (no more
 * frames either way), not the requests the client kept sending into the black hole.
 *
 * <p>Threading: flows on every event loop write into one stream; {@link PcapWriteHandler} with
 * {@code sharedOutputStream} writes each packet under the stream's lock, so packets never
 * interleave. {@link #close} after the proxy closed (the flows' closing packets are written then).
 */
public final class Capture implements FlowTap, AutoCloseable {
  private final Path file;
  private final OutputStream out;

  private Capture(Path file, OutputStream out) {
    this.file = file;
    this.out = out;
  }

  /**
   * Creates {@code file} (never overwriting one) and writes the pcap global header.
   *
   * @throws IOException naming the file when it exists or cannot be written
   */
  public static Capture open(Path file) throws IOException {
    OutputStream out;
    try {
      out = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE), 1 << 16);
    } catch (java.nio.file.FileAlreadyExistsException e) {
      throw new IOException(file + " already exists: choose another name or delete it", e);
    } catch (IOException e) {
      throw new IOException("cannot write the capture " + file + ": " + e.getMessage(), e);
    }
    try {
      PcapWriteHandler.writeGlobalHeader(out);
    } catch (IOException e) {
      out.close();
      throw new IOException("cannot write the capture " + file + ": " + e.getMessage(), e);
    }
    return new Capture(file, out);
  }

  public Path file() {
    return file;
  }

  @Override
  public void install(int flowId, Channel client) {
    client.pipeline().addLast("pcap", PcapWriteHandler.builder()
        .sharedOutputStream(true)
        .writePcapGlobalHeader(false)
        .build(out));
  }

  /** Flushes and closes the file. Idempotent. */
  @Override
  public void close() throws IOException {
    synchronized (out) {
      out.close();
    }
  }
}
