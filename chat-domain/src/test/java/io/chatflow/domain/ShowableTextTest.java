package io.chatflow.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatflow.domain.conversation.Title;
import io.chatflow.domain.user.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ShowableTextTest {
  @ParameterizedTest
  @ValueSource(strings = {"\u202Egnp.exe", "a\u2066b", "a\u200Bb", "a\u200Db", "\uFEFFname", "a\u0007b", "a\nb", "a\u2028b",
      "a\u00ADb", "a\uDB40\uDC01b"})
  void namesWithInvisibleOrReorderingCharactersAreRefusedNamingTheField(String hostile) {
    assertThatThrownBy(() -> DisplayName.requireValid(hostile)).isInstanceOf(InvalidException.class)
        .satisfies(e -> assertThat(((InvalidException) e).errors()).extracting(FieldError::field).containsExactly("displayName"));
    assertThatThrownBy(() -> Title.requireValid(hostile)).isInstanceOf(InvalidException.class)
        .satisfies(e -> assertThat(((InvalidException) e).errors()).extracting(FieldError::field).containsExactly("title"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Zoë Ångström", "李小龍", "שלום עולם", "مرحبا", "😀 party", "O'Brien-Smith"})
  void ordinaryNamesInAnyScriptPass(String name) {
    assertThat(DisplayName.requireValid(name)).isEqualTo(name);
    assertThat(Title.requireValid(name)).isEqualTo(name);
  }
}
