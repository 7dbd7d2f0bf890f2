/**
 * Candidates from other tools' output ({@code --from FILE}): Shodan, Censys, masscan, ZMap and
 * plain lists, recognised by content, gunzipped when needed, streamed in bounded memory. Start at
 * {@link dev.corral.scan.source.CandidateReader#open}.
 */
package dev.corral.scan.source;
