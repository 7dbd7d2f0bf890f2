package dev.corral.gateway.policy;

/** The one digest form the gateway lets through: {@code sha256:} and 64 lower-case hex digits. */
final class Digests {
  static final String PREFIX = "sha256:";
  static final int LENGTH = PREFIX.length() + 64;

  private Digests() {}

  /**
   * True for {@code sha256:<64 hex>}. Ollama also accepts {@code sha256-} and upper-case hex, but
   * its clients always send this form, and one spelling per blob leaves nothing to confuse.
   */
  static boolean isSha256(String text) {
    if (text.length() != LENGTH || !text.startsWith(PREFIX)) {
      return false;
    }
    for (int i = PREFIX.length(); i < LENGTH; i++) {
      char c = text.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }
}
