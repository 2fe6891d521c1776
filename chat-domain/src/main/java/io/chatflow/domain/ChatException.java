package io.chatflow.domain;

/**
 * The one family of errors the core raises. Adapters map each kind to their own
 * vocabulary (HTTP status, exit code) in one place; the core never knows those.
 */
public abstract sealed class ChatException extends RuntimeException
    permits NotFoundException, ForbiddenException, ConflictException, InvalidException,
        RateLimitedException, GoneException, UnauthenticatedException, MalformedException, UnavailableException {

  protected ChatException(String message) {
    super(message, null, false, false);
  }
}
