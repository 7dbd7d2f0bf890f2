package dev.corral.report;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Percentages with one decimal, rounded half up, as the studies print them. */
final class Percent {
  private static final BigDecimal ZERO = BigDecimal.ZERO.setScale(1);
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  private Percent() {}

  /** {@code part} as a percentage of {@code whole}; 0.0 when the whole is empty. */
  static BigDecimal of(long part, long whole) {
    if (whole <= 0) {
      return ZERO;
    }
    return BigDecimal.valueOf(part)
        .multiply(HUNDRED)
        .divide(BigDecimal.valueOf(whole), 1, RoundingMode.HALF_UP);
  }
}
