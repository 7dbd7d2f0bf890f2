/**
 * JSON exactly as Ollama's Go code reads and writes it.
 *
 * <p>Ollama decodes request bodies with Go's {@code encoding/json} decoder, which differs from
 * ordinary JSON parsers in ways an attacker can use and a faithful emulator must copy: it reads one
 * value and ignores whatever follows, matches object keys to struct fields case-insensitively (with
 * Unicode simple folding, so {@code "ſtream"} sets {@code stream}), lets the last duplicate key
 * win, and replaces invalid UTF-8 with U+FFFD. {@link GoJsonReader} keeps every key in order so
 * callers can apply exactly those rules through {@link GoObject}; {@link GoJsonWriter} writes bytes
 * identical to {@code json.Marshal}.
 */
package dev.corral.core.gojson;
