package dev.corral.core.gojson;

import java.math.BigDecimal;

/** A JSON number kept as its literal text, so nothing is lost before a caller picks a type. */
public record GoNumber(String literal) {

  public BigDecimal decimal() {
    return new BigDecimal(literal);
  }

  public boolean isInteger() {
    return literal.indexOf('.') < 0 && literal.indexOf('e') < 0 && literal.indexOf('E') < 0;
  }

  public double doubleValue() {
    return Double.parseDouble(literal);
  }

  @Override
  public String toString() {
    return literal;
  }
}
