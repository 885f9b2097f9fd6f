package io.blastradius.core.clients;

import io.blastradius.core.event.EventSink;
import io.blastradius.core.policy.PolicySpec;
import io.blastradius.core.policy.Protocol;
import io.blastradius.core.run.ClientSide;
import io.blastradius.core.run.Run;
import io.blastradius.core.run.RunConfig;
import io.blastradius.core.score.Scorecard;
import io.blastradius.core.score.ScoringSink;
import io.blastradius.core.time.Clock;
import io.netty.channel.EventLoop;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Every real client library the product can drive, by id: {@code FAMILY-VERSION/MODE}, e.g.
 * {@code okhttp-5.5.1/call-timeout}. The version is the library's own, read at run time from the
 * library (or from the build's resource for libraries that carry none), never typed by hand. A
 * user may leave it out ({@code okhttp/call-timeout}); a version other than the bundled one is an
 * error naming the bundled one.
 *
 * <p>Parameters use the policy syntax: {@code okhttp/ping-interval:period=1s}.
 */
public final class RealClients {

  /** What a mode needs to build its client for one run. */
  @FunctionalInterface
  interface Builder {
    RealClient build(RunConfig config, PolicySpec.Params params, EventLoop loop, InetSocketAddress target,
        Clock clock, EventSink sink, ConnectionLedger ledger) throws IOException;
  }

  /**
   * One mode of one client library.
   *
   * @param model the policy (with parameters) that models this client: what {@code fidelity}
   *     compares it with
   * @param params the parameters it takes, for the help
   */
  public record Info(String family, String mode, Supplier<String> versionOf, Protocol protocol, String model,
      String params, String help, Builder builder) {
    /**
     * The model for a run in which the client ended up speaking {@code spoken}: HTTP/1.1 clients
     * are modelled by {@code h1} whatever they were asked for.
     */
    public PolicySpec modelFor(PolicySpec client, Protocol spoken) {
      return spoken == Protocol.H1 && protocol != Protocol.H1 ? PolicySpec.of("h1") : modelFor(client);
    }

    public String version() {
      return versionOf.get();
    }

    /** {@code family-version/mode}. */
    public String id() {
      return family + "-" + version() + "/" + mode;
    }

    /** The model's spec for a client spec: the client's own parameters carried over by name. */
    public PolicySpec modelFor(PolicySpec client) {
      PolicySpec m = PolicySpec.parse(model);
      Map<String, String> params = new LinkedHashMap<>(m.params());
      for (Map.Entry<String, String> e : client.params().entrySet()) {
        String key = MODEL_PARAM.get(family + "/" + mode + ":" + e.getKey());
        if (key != null) params.put(key, e.getValue());
      }
      return new PolicySpec(m.id(), params, m.maxStreams(), m.retry());
    }
  }

  /** Client parameter -> the model parameter it corresponds to. */
  private static final Map<String, String> MODEL_PARAM = Map.of(
      "okhttp/ping-interval:period", "period",
      "reactor-netty/liveness:idle", "idle",
      "reactor-netty/liveness:ack", "ack",
      "grpc-java/keepalive:time", "time",
      "grpc-java/keepalive:timeout", "timeout");

  private static final Map<String, Info> ALL = new LinkedHashMap<>();

  static {
    register(new Info("okhttp", "call-timeout", OkHttpClientSide::version, Protocol.H2, "h2-okhttp-call-timeout", "",
        "OkHttp 5, h2c prior knowledge; the request timeout is the call timeout (Call.timeout()): a"
            + " timed-out call is cancelled and its stream reset, with no degraded PING.",
        (c, p, loop, target, clock, sink, ledger) -> new OkHttpClientSide(OkHttpClientSide.Mode.CALL_TIMEOUT,
            null, c.load().workers(), c.load().timeout(), loop, target, clock, sink, ledger)));
    register(new Info("okhttp", "read-timeout", OkHttpClientSide::version, Protocol.H2, "h2-okhttp-degraded", "",
        "OkHttp 5, h2c prior knowledge; the request timeout is the read/write timeout: a stream"
            + " read timeout sends the degraded PING, a pong 1 s late makes the connection unhealthy.",
        (c, p, loop, target, clock, sink, ledger) -> new OkHttpClientSide(OkHttpClientSide.Mode.READ_TIMEOUT,
            null, c.load().workers(), c.load().timeout(), loop, target, clock, sink, ledger)));
    register(new Info("okhttp", "ping-interval", OkHttpClientSide::version, Protocol.H2, "h2-interval-ping:period=5s",
        "period (5s)",
        "OkHttp 5, h2c prior knowledge, call timeout plus pingInterval(period): a PING every period,"
            + " the connection failed when the previous one is unanswered.",
        (c, p, loop, target, clock, sink, ledger) -> new OkHttpClientSide(OkHttpClientSide.Mode.PING_INTERVAL,
            positive(p.duration("period", Duration.ofSeconds(5)), "period"), c.load().workers(), c.load().timeout(),
            loop, target, clock, sink, ledger)));
    register(new Info("jetty", "http2", JettyClientSide::version, Protocol.H2, "h2-jetty", "",
        "Jetty 12 HttpClient over HTTP2Client (HttpClientTransportOverHTTP2), h2c prior knowledge;"
            + " the request timeout is Request.timeout(): the request is aborted and its stream reset.",
        (c, p, loop, target, clock, sink, ledger) -> new JettyClientSide(c.load().workers(), loop, target, clock,
            sink, ledger)));
    register(new Info("reactor-netty", "h2c", ReactorNettyClientSide::version, Protocol.H2, "h2-reactor-netty", "",
        "reactor-netty 1.3 HttpClient, HttpProtocol.H2C (prior knowledge); the request timeout is"
            + " responseTimeout; no connection liveness check (its default).",
        (c, p, loop, target, clock, sink, ledger) -> new ReactorNettyClientSide(null, null, c.load().timeout(),
            loop, target, clock, sink, ledger)));
    register(new Info("reactor-netty", "liveness", ReactorNettyClientSide::version, Protocol.H2,
        "h2-reactor-netty:liveness=true:idle=1s:ack=1s", "idle (1s: the pool's maxIdleTime), ack (1s: pingAckTimeout)",
        "reactor-netty 1.3 HttpClient, H2C, with Http2ConnectionLiveness: after idle (maxIdleTime)"
            + " with no read or write it sends a PING; no ACK, HEADERS or DATA within ack"
            + " (pingAckTimeout, pingAckDropThreshold 1) closes the connection.",
        (c, p, loop, target, clock, sink, ledger) -> new ReactorNettyClientSide(
            positive(p.duration("idle", Duration.ofSeconds(1)), "idle"),
            positive(p.duration("ack", Duration.ofSeconds(1)), "ack"), c.load().timeout(),
            loop, target, clock, sink, ledger)));
    register(new Info("jdk", "http2", JdkClientSide::version, Protocol.H2, "h2-naive", "",
        "The JDK's java.net.http.HttpClient, Version.HTTP_2 over http:// (an h2c Upgrade on the"
            + " first request of each connection, which the embedded server takes; HTTP/1.1, modelled"
            + " by h1, where a server does not); the request timeout is HttpRequest.timeout(): the"
            + " stream is reset (RST_STREAM CANCEL) and the connection kept, no PING of its own, so"
            + " h2-naive (checked against JDK 17.0.15, OpenJDK 17u Stream.cancelImpl).",
        (c, p, loop, target, clock, sink, ledger) -> new JdkClientSide(c.load().workers(), loop, target, clock,
            sink, ledger)));
    register(new Info("grpc-java", "deadline", GrpcClientSide::version, Protocol.H2, "h2-naive", "",
        "grpc-java 1.85, Netty transport (NettyChannelBuilder, plaintext h2c), unary calls; the request"
            + " timeout is the call's deadline: DEADLINE_EXCEEDED resets the stream (RST_STREAM CANCEL)"
            + " and keeps the connection; keepalive off (its default), so h2-naive.",
        (c, p, loop, target, clock, sink, ledger) -> new GrpcClientSide(null, null, loop, target, clock, sink, ledger)));
    register(new Info("grpc-java", "keepalive", GrpcClientSide::version, Protocol.H2,
        "h2-grpc-keepalive:time=10s:timeout=1s", "time (10s: keepAliveTime, grpc-java's minimum), timeout (1s: keepAliveTimeout; its default is 20s)",
        "grpc-java 1.85, Netty transport, call deadlines, with keepAliveTime(time) and"
            + " keepAliveTimeout(timeout) (KeepAliveManager): with calls active a PING falls due time"
            + " after the last frame read; reads delay it only while calls stay open, so calls that"
            + " come and go ping every time, busy or not; no frame within timeout closes the"
            + " transport and fails its calls. Model h2-grpc-keepalive, checked against 1.85.1.",
        (c, p, loop, target, clock, sink, ledger) -> new GrpcClientSide(keepAliveTime(p), positive(p.duration("timeout",
            Duration.ofSeconds(1)), "timeout"), loop, target, clock, sink, ledger)));
  }

  /** grpc-java's keepAliveTime: at least its 10 s floor, which the library would raise it to silently. */
  private static Duration keepAliveTime(PolicySpec.Params p) {
    Duration t = positive(p.duration("time", GrpcClientSide.MIN_KEEPALIVE_TIME), "time");
    if (t.compareTo(GrpcClientSide.MIN_KEEPALIVE_TIME) < 0) {
      throw new IllegalArgumentException("time must be >= 10s: grpc-java raises a keepAliveTime under 10s to 10s, not " + t);
    }
    return t;
  }

  private RealClients() {}

  private static void register(Info info) {
    ALL.put(info.family() + "/" + info.mode(), info);
  }

  private static Duration positive(Duration d, String name) {
    if (d.isZero() || d.isNegative()) throw new IllegalArgumentException(name + " must be > 0, not " + d);
    return d;
  }

  public static List<Info> all() {
    return Collections.unmodifiableList(new ArrayList<>(ALL.values()));
  }

  /** Every client id with its version. */
  public static List<String> ids() {
    return ALL.values().stream().map(Info::id).toList();
  }

  /** Whether {@code spec} names a real client ({@code FAMILY[-VERSION]/MODE}) rather than a policy. */
  public static boolean isClient(PolicySpec spec) {
    return spec.id().contains("/");
  }

  /**
   * The client a spec names.
   *
   * @throws IllegalArgumentException naming the id and the known ones, or the bundled version
   */
  public static Info info(PolicySpec spec) {
    String id = spec.id();
    int slash = id.indexOf('/');
    if (slash < 0) throw unknown(id);
    String head = id.substring(0, slash);
    String mode = id.substring(slash + 1);
    for (Info info : ALL.values()) {
      if (!info.mode().equals(mode)) continue;
      if (head.equals(info.family())) return info;
      if (head.startsWith(info.family() + "-")) {
        String version = head.substring(info.family().length() + 1);
        if (!version.isEmpty() && !Character.isDigit(version.charAt(0))) continue;
        if (!version.equals(info.version())) {
          throw new IllegalArgumentException("unknown client '" + id + "': this build bundles " + info.family()
              + " " + info.version() + " (" + info.id() + ")");
        }
        return info;
      }
    }
    throw unknown(id);
  }

  private static IllegalArgumentException unknown(String id) {
    return new IllegalArgumentException("unknown client '" + id + "' (known: " + String.join(", ", ids()) + ")");
  }

  /**
   * Checks a client spec (id, version, parameters) and returns it with its canonical versioned id,
   * before anything starts.
   */
  public static PolicySpec validate(PolicySpec spec) {
    Info info = info(spec);
    if (spec.retry() || spec.maxStreams() != Integer.MAX_VALUE) {
      throw new IllegalArgumentException("client " + spec.id() + ": the max-streams and retry modifiers apply to models only");
    }
    PolicySpec.Params params = spec.reader();
    // Read every parameter the mode takes, to reject unknown ones and bad values now.
    dryParams(info, params);
    params.checkAllUsed();
    return new PolicySpec(info.id(), spec.params(), spec.maxStreams(), spec.retry());
  }

  private static void dryParams(Info info, PolicySpec.Params p) {
    switch (info.family() + "/" + info.mode()) {
      case "okhttp/ping-interval" -> positive(p.duration("period", Duration.ofSeconds(5)), "period");
      case "grpc-java/keepalive" -> {
        keepAliveTime(p);
        positive(p.duration("timeout", Duration.ofSeconds(1)), "timeout");
      }
      case "reactor-netty/liveness" -> {
        positive(p.duration("idle", Duration.ofSeconds(1)), "idle");
        positive(p.duration("ack", Duration.ofSeconds(1)), "ack");
      }
      default -> { }
    }
  }

  /**
   * A real client speaks cleartext (h2c or HTTP/1.1) to the proxy, so TLS to the embedded server
   * and its interception apply to models only; decoding and capture apply to both.
   *
   * @throws IllegalArgumentException naming the client, before anything starts
   */
  public static void checkWire(PolicySpec spec, io.blastradius.core.run.WireOptions wire) {
    if (wire.tls() || wire.intercept()) {
      throw new IllegalArgumentException("client " + spec.id() + " speaks cleartext (h2c or HTTP/1.1) to the proxy:"
          + " --tls and --tls-intercept apply to models only");
    }
  }

  /**
   * The client side of a run of {@code config.policy()} (a client spec): builds the library's
   * client once the server and proxy are up. When the run's sink is a {@link ConnectionLedger}
   * (see {@link #start}) every proxy flow is also a connection of the client.
   */
  public static ClientSide.Factory factory(PolicySpec clientSpec) {
    PolicySpec spec = validate(clientSpec);
    Info info = info(spec);
    return (config, loop, target, clock, sink) -> {
      ConnectionLedger ledger = sink instanceof ConnectionLedger l ? l
          : new ConnectionLedger(sink, info.protocol(), config.server().maxConcurrentStreams());
      ledger.useClock(clock);
      PolicySpec.Params params = spec.reader();
      return info.builder().build(config, params, loop, target, clock, sink, ledger);
    };
  }

  /** Starts a run whose client side is the real client {@code config.policy()} names. */
  public static Run start(RunConfig config, EventSink sink) throws IOException {
    return start(config, ledgerFor(config, sink));
  }

  private static ConnectionLedger ledgerFor(RunConfig config, EventSink sink) {
    Info info = info(validate(config.policy()));
    return new ConnectionLedger(sink, info.protocol(), config.server().maxConcurrentStreams());
  }

  /**
   * Starts the run with the proxy's wire decoder on whatever the caller asked: a library does not
   * report its PINGs, GOAWAYs and stream resets, the bytes do ({@link ConnectionLedger}).
   */
  private static Run start(RunConfig config, ConnectionLedger ledger) throws IOException {
    PolicySpec spec = validate(config.policy());
    checkWire(spec, config.wire());
    return Run.start(config.withPolicy(spec).withWire(config.wire().withDecode(true)), ledger, factory(spec));
  }

  /**
   * A finished run of a real client, folded as its events streamed (nothing keeps them).
   *
   * @param card its scorecard, under the client's canonical versioned id
   * @param spoken the protocol its responses came back on (HTTP/1.1 for a client whose h2c Upgrade
   *     the server did not take)
   */
  public record Result(Scorecard card, Protocol spoken) {}

  /**
   * Runs a real client's config to its end on a fresh stack and scores it as the events stream;
   * {@code also} sees every event (a recording writer, a test's probe).
   */
  public static Result run(RunConfig config, EventSink also, long limitMillis) throws IOException, InterruptedException {
    PolicySpec spec = validate(config.policy());
    ScoringSink score = new ScoringSink();
    ConnectionLedger ledger = ledgerFor(config, also == EventSink.NONE ? score : EventSink.tee(score, also));
    Run run = start(config, ledger);
    run.await(limitMillis);
    return new Result(score.result(spec.toString()), ledger.protocol());
  }

  /**
   * Runs a real client's config to its end and returns its scorecard, folded as the events stream
   * (nothing keeps them); {@code also} sees every event (a recording writer), {@code started} the
   * run once its stack is up.
   */
  public static Scorecard score(RunConfig config, EventSink also, long limitMillis,
      java.util.function.Consumer<Run> started) throws IOException, InterruptedException {
    ScoringSink score = new ScoringSink();
    Run run = start(config, ledgerFor(config, also == EventSink.NONE ? score : EventSink.tee(score, also)));
    started.accept(run);
    run.await(limitMillis);
    return score.result(config.policy().toString());
  }
}
