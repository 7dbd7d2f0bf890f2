package dev.corral.core.gojson;

/** JSON {@code null} as a value, so decoded trees can tell "null" from "absent". */
public enum JsonNull {
  INSTANCE;

  @Override
  public String toString() {
    return "null";
  }
}
