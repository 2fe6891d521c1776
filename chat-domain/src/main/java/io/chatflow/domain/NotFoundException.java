package io.chatflow.domain;

/** The thing does not exist, or the caller may not know that it does. */
public final class NotFoundException extends ChatException {
  private final String thing;

  public NotFoundException(String thing) {
    super(thing + " not found");
    this.thing = thing;
  }

  public String thing() {
    return thing;
  }
}
