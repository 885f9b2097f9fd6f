package io.blastradius.core.external.api;

import io.blastradius.core.external.ExternalException;

/**
 * What a route answers: a status and a JSON body ({@code null}: none, as for 204).
 * Errors have Toxiproxy's shape, {@code {"error": "...", "status": N}}.
 */
record ApiReply(int status, Object body) {
  static ApiReply ok(Object body) {
    return new ApiReply(200, body);
  }

  static ApiReply created(Object body) {
    return new ApiReply(201, body);
  }

  static ApiReply noContent() {
    return new ApiReply(204, null);
  }

  static ApiReply error(int status, String message) {
    return new ApiReply(status, new ApiError(message, status));
  }

  /** Toxiproxy's {@code ApiError}: field order as it marshals them. */
  record ApiError(String error, int status) {}

  /** Toxiproxy's status for each kind of problem. */
  static int status(ExternalException.Kind kind) {
    return switch (kind) {
      case BAD_REQUEST -> 400;
      case NOT_FOUND -> 404;
      case CONFLICT -> 409;
      case FAILED -> 500;
    };
  }
}
