package dev.corral.core.gojson;

/** Already-encoded JSON that {@link GoJsonWriter} inserts as it is. */
public record RawJson(String json) {}
