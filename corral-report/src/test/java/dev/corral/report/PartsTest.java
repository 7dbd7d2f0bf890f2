package dev.corral.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** The small pieces: widths, percentages, formats, Markdown escaping, host counting. */
class PartsTest {
  @Test
  void quantizationWidths() {
    assertThat(QuantizationWidth.of("Q4_K_M")).isEqualTo("4-bit");
    assertThat(QuantizationWidth.of("q4_0")).isEqualTo("4-bit");
    assertThat(QuantizationWidth.of("Q8_0")).isEqualTo("8-bit");
    assertThat(QuantizationWidth.of("IQ2_XXS")).isEqualTo("2-bit");
    assertThat(QuantizationWidth.of("TQ1_0")).isEqualTo("1-bit");
    assertThat(QuantizationWidth.of("F16")).isEqualTo("16-bit");
    assertThat(QuantizationWidth.of("BF16")).isEqualTo("16-bit");
    assertThat(QuantizationWidth.of("F32")).isEqualTo("32-bit");
    assertThat(QuantizationWidth.of("MXFP4")).isEqualTo("4-bit");
    assertThat(QuantizationWidth.of("FP8_E4M3")).isEqualTo("8-bit");
    assertThat(QuantizationWidth.of("unknown")).isEqualTo("other");
    assertThat(QuantizationWidth.bits("16-bit")).isEqualTo(16);
  }

  @Test
  void percentagesRoundHalfUpToOneDecimal() {
    assertThat(Percent.of(214, 1139)).isEqualTo(new BigDecimal("18.8"));
    assertThat(Percent.of(1, 8)).isEqualTo(new BigDecimal("12.5"));
    assertThat(Percent.of(1, 3)).isEqualTo(new BigDecimal("33.3"));
    assertThat(Percent.of(2, 3)).isEqualTo(new BigDecimal("66.7"));
    assertThat(Percent.of(1, 2000)).isEqualTo(new BigDecimal("0.1"));
    assertThat(Percent.of(5, 5)).isEqualTo(new BigDecimal("100.0"));
    assertThat(Percent.of(0, 0)).isEqualTo(new BigDecimal("0.0"));
  }

  @Test
  void formatsByName() {
    assertThat(ReportFormat.parse("MD")).isEqualTo(ReportFormat.MD);
    assertThat(ReportFormat.parse("markdown")).isEqualTo(ReportFormat.MD);
    assertThat(ReportFormat.parse(" sarif ")).isEqualTo(ReportFormat.SARIF);
    assertThatThrownBy(() -> ReportFormat.parse("xml"))
        .isInstanceOf(ReportException.class)
        .hasMessage("unknown report format 'xml': use md, json, csv, sarif");
  }

  @Test
  void optionsRefuseNonsense() {
    assertThatThrownBy(() -> ReportOptions.defaults().withTop(0))
        .isInstanceOf(ReportException.class)
        .hasMessage("--top must be at least 1, not 0");
    assertThatThrownBy(() -> ReportOptions.defaults().withMaxRows(-1))
        .isInstanceOf(ReportException.class);
  }

  @Test
  void markdownCodeSpans() {
    assertThat(Md.code("llama3.2:latest")).isEqualTo("`llama3.2:latest`");
    assertThat(Md.code("a|b")).isEqualTo("`a\\|b`");
    assertThat(Md.code("a`b")).isEqualTo("``a`b``");
    assertThat(Md.code("`x`")).isEqualTo("`` `x` ``");
    assertThat(Md.code("line\nbreak")).isEqualTo("`line?break`");
    assertThat(Md.code(null)).isEqualTo("—");
    assertThat(Md.text("Plain words (and a version 0.1.34)"))
        .isEqualTo("Plain words (and a version 0.1.34)");
    assertThat(Md.text("<script> *x* @me")).isEqualTo("&lt;script&gt; \\*x\\* \\@me");
    assertThat(Md.count(1139)).isEqualTo("1,139");
  }

  @Test
  void hostCountsSurviveGrowth() {
    HostCounts counts = new HostCounts();
    for (int scan = 0; scan < 3; scan++) {
      for (int i = 0; i < 10_000 - scan * 3_000; i++) {
        counts.increment("http://10.0." + (i >> 8) + "." + (i & 0xff) + ":11434");
      }
    }
    assertThat(counts.size()).isEqualTo(10_000);
    long[] histogram = counts.histogram(3);
    assertThat(histogram[3]).isEqualTo(4_000);
    assertThat(histogram[2]).isEqualTo(3_000);
    assertThat(histogram[1]).isEqualTo(3_000);
    assertThat(HostCounts.hash("a")).isNotEqualTo(HostCounts.hash("b")).isNotZero();
  }

  @Test
  void printableText() {
    assertThat(Text.printable("ok")).isEqualTo("ok");
    assertThat(Text.printable("a\u001b[2Jb\u202Ec")).isEqualTo("a?[2Jb?c");
  }
}
