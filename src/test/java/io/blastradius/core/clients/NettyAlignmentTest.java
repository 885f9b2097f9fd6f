package io.blastradius.core.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.util.Version;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * reactor-netty brings its own Netty dependencies; every Netty jar on the class path must still be
 * the one 4.2 release the product is built on (the pom's netty-bom), or the pool, server and proxy
 * would run on a mix.
 */
class NettyAlignmentTest {

  @Test
  void everyNettyArtifactIsTheSame42Release() {
    Map<String, Version> all = Version.identify();
    Set<String> versions = all.values().stream().map(Version::artifactVersion).collect(Collectors.toSet());
    Map<String, String> byArtifact = new TreeMap<>();
    all.forEach((k, v) -> byArtifact.put(k, v.artifactVersion()));
    assertEquals(1, versions.size(), "Netty artifacts disagree: " + byArtifact);
    assertTrue(versions.iterator().next().startsWith("4.2."), byArtifact.toString());
    assertTrue(all.containsKey("netty-codec-http2") && all.containsKey("netty-codec-http3"), byArtifact.toString());
  }
}
