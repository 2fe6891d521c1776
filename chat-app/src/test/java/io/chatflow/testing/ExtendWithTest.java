package io.chatflow.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflow.app.Api;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ChatFlowExtension.class)
class ExtendWithTest {
  @Test
  void injectsASeededServer(ChatFlowServer chat) {
    Api.Reply list = new Api(chat.baseUri()).get("/api/v1/conversations", chat.tokenFor("alice"));

    assertThat(list.status()).isEqualTo(200);
    assertThat(list.body().get("items")).hasSize(3);
  }
}
