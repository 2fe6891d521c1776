package io.chatflow.app;

import static org.assertj.core.api.Assertions.assertThat;

/** The end-to-end walk every wiring must pass: register, log in, open a conversation, post, read. */
public final class Scenario {
  private Scenario() {}

  /** Returns the id of the conversation it posted into. */
  public static String registerLoginPostAndRead(Api api) {
    assertThat(api.get("/health", null).status()).isEqualTo(200);
    assertThat(api.get("/ready", null).status()).isEqualTo(200);

    Api.Reply dana = api.post("/api/v1/auth/register", null, "{\"username\":\"dana\",\"password\":\"long enough pw\"}");
    assertThat(dana.status()).as(dana.text()).isEqualTo(201);
    Api.Reply erik = api.post("/api/v1/auth/register", null, "{\"username\":\"erik\",\"password\":\"long enough pw\"}");
    assertThat(erik.status()).as(erik.text()).isEqualTo(201);
    String token = api.login("dana", "long enough pw");

    Api.Reply me = api.get("/api/v1/users/me", token);
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.body().get("username").asText()).isEqualTo("dana");

    Api.Reply created = api.post("/api/v1/conversations", token,
        "{\"kind\":\"direct\",\"memberIds\":[\"" + erik.body().get("id").asText() + "\"]}");
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    String conversation = created.body().get("id").asText();

    Api.Reply posted = api.post("/api/v1/conversations/" + conversation + "/messages", token, "{\"body\":\"hello erik\"}");
    assertThat(posted.status()).as(posted.text()).isEqualTo(201);
    assertThat(posted.body().get("seq").asLong()).isEqualTo(1);

    String erikToken = api.login("erik", "long enough pw");
    Api.Reply page = api.get("/api/v1/conversations/" + conversation + "/messages", erikToken);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body().get("items").get(0).get("body").asText()).isEqualTo("hello erik");
    assertThat(page.body().get("items").get(0).get("sender").get("username").asText()).isEqualTo("dana");
    return conversation;
  }
}
