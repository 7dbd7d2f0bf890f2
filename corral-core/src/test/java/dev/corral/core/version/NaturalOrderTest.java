package dev.corral.core.version;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NaturalOrderTest {

  @ParameterizedTest(name = "{0} < {1}")
  @CsvSource({
    "rc2, rc10",
    "2, 10",
    "10, rc1",
    "CVE-2024-8063, CVE-2024-12055",
    "CVE-2024-45436, CVE-2025-0312",
    "CORRAL-2024-0001, CVE-2024-28224",
  })
  void digitRunsCompareAsNumbers(String smaller, String larger) {
    assertThat(NaturalOrder.compare(smaller, larger)).isNegative();
    assertThat(NaturalOrder.compare(larger, smaller)).isPositive();
  }
}
