package dev.corral.core.gojson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoJsonTest {

  private static Object read(String json) throws GoJsonException {
    return GoJsonReader.readValue(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void writesLikeGoMarshal() {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("error", "model \"x\" <not> found & \u2028 done\n\t\b\f\u0001");
    value.put("n", 42L);
    value.put("list", List.of(1, true, "a"));
    value.put("none", null);
    assertThat(GoJsonWriter.encode(value))
        .isEqualTo(
            "{\"error\":\"model \\\"x\\\" \\u003cnot\\u003e found \\u0026 \\u2028 done\\n\\t\\b\\f\\u0001\","
                + "\"n\":42,\"list\":[1,true,\"a\"],\"none\":null}");
  }

  @Test
  void ginHMapsAreSortedByTheCaller() {
    Map<String, Object> h = new TreeMap<>(Map.of("status", 400, "error", "bad"));
    assertThat(GoJsonWriter.encode(h)).isEqualTo("{\"error\":\"bad\",\"status\":400}");
  }

  @ParameterizedTest
  @CsvSource({
    "0.25, 64, 0.25",
    "1.0, 64, 1",
    "100.0, 64, 100",
    "1.0E-7, 64, 1e-7",
    "1.5E-7, 64, 1.5e-7",
    "1.0E21, 64, 1e+21",
    "1.0E20, 64, 100000000000000000000",
    "0.000001, 64, 0.000001",
    "-0.0123, 64, -0.0123",
    "0.1, 32, 0.1",
    "0.016482234, 32, 0.016482234",
  })
  void floatsUseGoShortestForm(double value, int bits, String expected) {
    assertThat(GoJsonWriter.goFloat(value, bits)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''|EOF",
        "'   '|EOF",
        "{|unexpected EOF",
        "'{\"model\":\"x\"'|unexpected EOF",
        "x|invalid character 'x' looking for beginning of value",
        "'{x'|invalid character 'x' looking for beginning of object key string",
        "'{\"a\" 1}'|invalid character '1' after object key",
        "'{\"a\":1 \"b\":2}'|invalid character '\"' after object key:value pair",
        "'[1 2]'|invalid character '2' after array element",
        "'tru '|invalid character ' ' in literal true (expecting 'e')",
        "nul|unexpected EOF",
        "'{\"a\":-}'|invalid character '}' in numeric literal",
        "'{\"a\":1.}'|invalid character '}' after decimal point in numeric literal",
        "'{\"a\":1e}'|invalid character '}' in exponent of numeric literal",
        "'\"\\q\"'|invalid character 'q' in string escape code",
        "'\"\\u12g4\"'|invalid character 'g' in \\u hexadecimal character escape",
        "''''|invalid character '\\'' looking for beginning of value",
      })
  void failsWithGosMessages(String body, String message) {
    assertThatThrownBy(() -> read(body)).isInstanceOf(GoJsonException.class).hasMessage(message);
  }

  @Test
  void controlCharacterInStringIsRejectedLikeGo() {
    assertThatThrownBy(() -> read("\"a\u0001\""))
        .hasMessage("invalid character '\\x01' in string literal");
  }

  @Test
  void readsOneValueAndIgnoresTheRestLikeGosDecoder() throws GoJsonException {
    byte[] body = "{\"model\":\"a\"} {\"model\":\"b\"}".getBytes(StandardCharsets.UTF_8);
    GoJsonReader.Result result = GoJsonReader.read(body);
    assertThat(((GoObject) result.value()).string("model")).isEqualTo("a");
    assertThat(result.hasTrailingData(body)).isTrue();
    byte[] clean = "{\"model\":\"a\"}\n".getBytes(StandardCharsets.UTF_8);
    assertThat(GoJsonReader.read(clean).hasTrailingData(clean)).isFalse();
  }

  @Test
  void fieldLookupFollowsGoStructRules() throws GoJsonException {
    GoObject o =
        (GoObject)
            read("{\"model\":\"a\",\"MODEL\":\"b\",\"\u017Ftream\":false,\"\u212Aeep_alive\":0}");
    assertThat(o.string("model")).isEqualTo("b");
    assertThat(o.field("stream")).contains(false);
    assertThat(o.has("keep_alive")).isTrue();
    assertThat(o.ambiguousKeys()).containsExactly("model", "MODEL");
  }

  @Test
  void dottedAndDotlessIHaveNoSimpleFold() throws GoJsonException {
    // Go's unicode.SimpleFold leaves U+0130 and U+0131 alone: neither names a field spelt with i.
    GoObject o = (GoObject) read("{\"\u0130mages\":[\"x\"],\"\u0131\":1,\"i\":2}");
    assertThat(o.has("images")).isFalse();
    assertThat(o.ambiguousKeys()).isEmpty();
    assertThat(GoObject.fold("\u0130\u0131I")).isEqualTo("\u0130\u0131i");
  }

  @Test
  void lastDuplicateWins() throws GoJsonException {
    GoObject o = (GoObject) read("{\"name\":\"a\",\"name\":\"b\"}");
    assertThat(o.string("name")).isEqualTo("b");
    assertThat(o.size()).isEqualTo(2);
  }

  @Test
  void invalidUtf8BecomesReplacementCharacters() throws GoJsonException {
    byte[] body = {
      '"', 'a', (byte) 0xff, (byte) 0xc3, 'b', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"'
    };
    assertThat(GoJsonReader.readValue(body)).isEqualTo("a\uFFFD\uFFFDb\uFFFD\uFFFD\uFFFD");
    assertThat(read("\"\\ud83d\\ude00 \\ud800x\"")).isEqualTo("\uD83D\uDE00 \uFFFDx");
    assertThat(read("\"h\u00e9\"")).isEqualTo("h\u00e9");
  }

  @Test
  void roundTripsNestedValues() throws GoJsonException {
    String json =
        "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\",\"images\":[]}],\"options\":{\"temperature\":0.5,\"seed\":-3},\"stream\":null}";
    assertThat(GoJsonWriter.encode(read(json))).isEqualTo(json);
  }

  @Test
  void hostileNestingIsRefusedWithoutOverflowingTheStack() {
    String deep = "[".repeat(20_000);
    assertThatThrownBy(() -> read(deep)).hasMessage("exceeded max depth");
    String ok = "[".repeat(9_999) + "]".repeat(9_999);
    Object value = assertDoesNotThrow(ok);
    int depth = 0;
    while (value instanceof List<?> list && !list.isEmpty()) {
      value = list.getFirst();
      depth++;
    }
    assertThat(depth).isEqualTo(9_998);
  }

  private static Object assertDoesNotThrow(String json) {
    try {
      return read(json);
    } catch (GoJsonException e) {
      throw new AssertionError(e);
    }
  }
}
