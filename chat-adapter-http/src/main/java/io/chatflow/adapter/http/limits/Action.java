package io.chatflow.adapter.http.limits;

/**
 * The writes that are rate limited, each per user and per client address. A new write route
 * gets a constant here, a default in {@code WriteLimits.defaults()} and {@code .limited(...)}
 * in the route table.
 */
public enum Action {
  REGISTER("registrations"),
  POST("posts"),
  EDIT("edits"),
  DELETE("deletes"),
  REACT("reactions"),
  TYPING("typing notices"),
  ADD_MEMBER("member additions"),
  CREATE_CONVERSATION("new conversations"),
  /** Every other write: renames, roles, leaving, read markers, password, sessions. */
  CHANGE("changes");

  private final String noun;

  Action(String noun) {
    this.noun = noun;
  }

  /** For the problem's detail: "too many posts". */
  public String noun() {
    return noun;
  }
}
