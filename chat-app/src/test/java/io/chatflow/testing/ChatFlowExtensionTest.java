package io.chatflow.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflow.app.Api;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ChatFlowExtensionTest {
  @RegisterExtension static ChatFlowExtension chat = ChatFlowExtension.seeded();

  // Both register the same username: they pass together only if the server is reset in between.
  @Test
  void firstTestRegistersFrank() {
    registerFrank();
  }

  @Test
  void secondTestRegistersFrankAgain() {
    registerFrank();
  }

  private void registerFrank() {
    Api api = new Api(chat.server().baseUri());
    Api.Reply reply = api.post("/api/v1/auth/register", null, "{\"username\":\"frank\",\"password\":\"password\"}");
    assertThat(reply.status()).as(reply.text()).isEqualTo(201);
    assertThat(api.get("/api/v1/users/me", chat.server().tokenFor("alice")).status()).isEqualTo(200);
  }
}
