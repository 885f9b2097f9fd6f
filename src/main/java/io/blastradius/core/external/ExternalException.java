package io.blastradius.core.external;

/**
 * A request to the proxy registry that cannot be done, with the kind of problem, which the API
 * turns into Toxiproxy's status code. The message is one line, meant for the user.
 */
public final class ExternalException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public enum Kind {
    /** Malformed or invalid input (400). */
    BAD_REQUEST,
    /** No proxy, toxic or flow of that name or id (404). */
    NOT_FOUND,
    /** A proxy or toxic of that name exists already, or the flow has ended (409). */
    CONFLICT,
    /** The system refused: the listen address is in use or cannot be bound (500, as Toxiproxy answers). */
    FAILED
  }

  private final Kind kind;

  public ExternalException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public ExternalException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  static ExternalException badRequest(String message) {
    return new ExternalException(Kind.BAD_REQUEST, message);
  }

  static ExternalException notFound(String message) {
    return new ExternalException(Kind.NOT_FOUND, message);
  }

  static ExternalException conflict(String message) {
    return new ExternalException(Kind.CONFLICT, message);
  }
}
