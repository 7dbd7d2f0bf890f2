package dev.corral.gateway.policy;

/**
 * The gateway's own answer to a CORS preflight ({@code OPTIONS} from a listed browser origin for a
 * served route): never forwarded, answered 204 with these values.
 *
 * @param origin the request's {@code Origin}, echoed in {@code Access-Control-Allow-Origin}
 * @param methods {@code Access-Control-Allow-Methods}: the methods the route serves
 * @param headers {@code Access-Control-Allow-Headers}
 * @param maxAgeSeconds {@code Access-Control-Max-Age}
 */
public record Preflight(String origin, String methods, String headers, long maxAgeSeconds) {
  /** The request fields a browser may send cross-origin: the credential and the JSON type. */
  public static final String ALLOWED_HEADERS = "Authorization, Content-Type, X-Api-Key";

  /** How long a browser may cache a preflight answer (10 minutes, Chromium's ceiling is 2 h). */
  public static final long MAX_AGE_SECONDS = 600;
}
