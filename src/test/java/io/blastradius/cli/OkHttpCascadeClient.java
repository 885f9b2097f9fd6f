package io.blastradius.cli;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;

/**
 * A client process of its own for the external-mode tests: OkHttp over HTTP/2 (prior knowledge),
 * {@code N} GETs one after another, each with a call timeout. A call that times out resets its
 * stream, and the next one goes on the same pooled connection (OkHttp's pool has no reason to
 * doubt it without a read timeout): the cascade of golang/go#63422. Prints
 * {@code ok=N failed=N} and exits 0.
 *
 * <p>First one GET without a timeout, which opens the connection; then {@code warm} on stdout, and
 * the timed calls start when a line arrives on stdin (so a test can fault the flow in between,
 * however slow the machine).
 *
 * <p>Arguments: URL, N, the call timeout in milliseconds.
 */
public final class OkHttpCascadeClient {
  private OkHttpCascadeClient() {}

  public static void main(String[] args) {
    String url = args[0];
    int n = Integer.parseInt(args[1]);
    OkHttpClient client = new OkHttpClient.Builder()
        .protocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE))
        .readTimeout(Duration.ZERO)
        .retryOnConnectionFailure(false)
        .build();
    try (Response r = client.newCall(new Request.Builder().url(url).build()).execute()) {
      r.body().string();
      System.out.println("warm");
      System.out.flush();
      new java.io.BufferedReader(new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8)).readLine();
    } catch (IOException e) {
      System.out.println("warm-up failed: " + e);
      System.exit(1);
    }
    OkHttpClient timed = client.newBuilder().callTimeout(Duration.ofMillis(Long.parseLong(args[2]))).build();
    int ok = 0;
    int failed = 0;
    for (int i = 0; i < n; i++) {
      try (Response r = timed.newCall(new Request.Builder().url(url).build()).execute()) {
        r.body().string();
        ok++;
      } catch (IOException e) {
        failed++;
      }
    }
    System.out.println("ok=" + ok + " failed=" + failed);
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }
}
