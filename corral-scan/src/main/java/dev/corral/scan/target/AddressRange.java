package dev.corral.scan.target;

import java.math.BigInteger;

/**
 * A contiguous, inclusive block of IPv4 or IPv6 addresses, as written in a target or an exclusion:
 * one address ({@code 10.0.0.1}), a CIDR ({@code 10.0.0.0/8}, {@code 2001:db8::/120}) or a range
 * ({@code 10.0.0.1-10.0.0.50}). A CIDR with host bits set ({@code 10.0.0.5/24}) means its network,
 * as in nmap and masscan.
 */
record AddressRange(boolean ipv6, BigInteger first, BigInteger last) {

  AddressRange {
    if (first.compareTo(last) > 0) {
      throw new IllegalArgumentException("first " + first + " > last " + last);
    }
  }

  static AddressRange ipv4(long first, long last) {
    return new AddressRange(false, BigInteger.valueOf(first), BigInteger.valueOf(last));
  }

  /** True when the text can only be meant as an address block, not a host name. */
  static boolean looksLikeAddresses(String text) {
    if (text.indexOf(':') >= 0 || text.indexOf('/') >= 0) {
      return true; // neither can appear in a host name
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != '.' && c != '/' && c != '-' && (c < '0' || c > '9')) {
        return false;
      }
    }
    return !text.isEmpty();
  }

  static AddressRange parse(String text) {
    int slash = text.indexOf('/');
    if (slash >= 0) {
      return cidr(text, text.substring(0, slash), text.substring(slash + 1));
    }
    int dash = text.indexOf('-');
    if (dash >= 0) {
      String from = text.substring(0, dash).strip();
      String to = text.substring(dash + 1).strip();
      boolean ipv6 = from.indexOf(':') >= 0;
      if (ipv6 != (to.indexOf(':') >= 0)) {
        throw new SyntaxProblem("range '" + text + "' mixes IPv4 and IPv6");
      }
      BigInteger first = address(from, ipv6);
      BigInteger last = address(to, ipv6);
      if (first.compareTo(last) > 0) {
        throw new SyntaxProblem(
            "range '" + text + "' is backwards: " + from + " comes after " + to);
      }
      return new AddressRange(ipv6, first, last);
    }
    boolean ipv6 = text.indexOf(':') >= 0;
    BigInteger address = address(text, ipv6);
    return new AddressRange(ipv6, address, address);
  }

  private static AddressRange cidr(String text, String base, String prefixText) {
    boolean ipv6 = base.indexOf(':') >= 0;
    int bits = ipv6 ? 128 : 32;
    if (prefixText.isEmpty()
        || prefixText.length() > 3
        || !prefixText.chars().allMatch(Character::isDigit)) {
      throw new SyntaxProblem("'" + text + "': '" + prefixText + "' is not a prefix length");
    }
    int prefix = Integer.parseInt(prefixText);
    if (prefix > bits) {
      throw new SyntaxProblem(
          "prefix length "
              + prefix
              + " is out of range for "
              + (ipv6 ? "IPv6" : "IPv4")
              + " (0-"
              + bits
              + ")");
    }
    BigInteger address = address(base, ipv6);
    BigInteger hostMask = BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE);
    BigInteger first = address.andNot(hostMask);
    return new AddressRange(ipv6, first, first.or(hostMask));
  }

  private static BigInteger address(String text, boolean ipv6) {
    return ipv6 ? Ipv6Text.parse(text) : BigInteger.valueOf(Ipv4Text.parse(text));
  }

  boolean single() {
    return first.equals(last);
  }

  BigInteger count() {
    return last.subtract(first).add(BigInteger.ONE);
  }

  long firstV4() {
    return first.longValueExact();
  }

  long lastV4() {
    return last.longValueExact();
  }
}
