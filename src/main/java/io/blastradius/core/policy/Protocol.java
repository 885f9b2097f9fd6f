package io.blastradius.core.policy;

public enum Protocol {
  /** HTTP/1.1 keep-alive: one request per connection at a time. */
  H1,
  /** Cleartext HTTP/2 with prior knowledge: many streams per connection. */
  H2
}
