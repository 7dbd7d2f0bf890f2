package dev.corral.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TextTableTest {

  @Test
  void alignsColumnsToTheirWidestCellWithoutTrailingBlanks() {
    TextTable table = new TextTable("ID", "FIXED", "NOTE");
    table.add("CVE-2024-37032", "0.1.34", "");
    table.add("X", "unknown", "last");
    StringWriter text = new StringWriter();
    table.print(new PrintWriter(text, true));

    assertThat(text.toString().lines())
        .containsExactly(
            "ID              FIXED    NOTE",
            "CVE-2024-37032  0.1.34",
            "X               unknown  last");
  }

  @Test
  void aRowMustFillEveryColumn() {
    assertThatThrownBy(() -> new TextTable("A", "B").add("only one"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
