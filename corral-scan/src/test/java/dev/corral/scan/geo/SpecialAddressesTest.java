package dev.corral.scan.geo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpecialAddressesTest {

  @ParameterizedTest
  @CsvSource({
    // IPv4: the edges of each block, and the public neighbours just outside.
    "0.0.0.0, true",
    "0.255.255.255, true",
    "1.0.0.0, false",
    "9.255.255.255, false",
    "10.0.0.0, true",
    "10.255.255.255, true",
    "11.0.0.0, false",
    "100.63.255.255, false",
    "100.64.0.0, true",
    "100.127.255.255, true",
    "100.128.0.0, false",
    "126.255.255.255, false",
    "127.0.0.1, true",
    "127.255.255.255, true",
    "128.0.0.0, false",
    "169.254.0.1, true",
    "172.15.255.255, false",
    "172.16.0.0, true",
    "172.31.255.255, true",
    "172.32.0.0, false",
    "192.0.0.8, true",
    "192.0.1.1, false",
    "192.0.2.1, true",
    "192.88.99.1, true",
    "192.167.255.255, false",
    "192.168.0.1, true",
    "192.169.0.0, false",
    "198.17.255.255, false",
    "198.18.0.0, true",
    "198.19.255.255, true",
    "198.20.0.0, false",
    "198.51.100.1, true",
    "203.0.113.1, true",
    "203.0.114.1, false",
    "223.255.255.255, false",
    "224.0.0.1, true",
    "239.255.255.255, true",
    "240.0.0.1, true",
    "255.255.255.255, true",
    "8.8.8.8, false",
    // IPv6
    "::, true",
    "::1, true",
    "64:ff9b::808:808, true",
    "100::1, true",
    "fc00::1, true",
    "fdff::1, true",
    "fe80::1, true",
    "fec0::1, true",
    "ff02::1, true",
    "5f00::1, true",
    "2000::1, false",
    "2001::1, true",
    "2001:1ff::1, true",
    "2001:200::1, false",
    "2001:db8::1, true",
    "2001:db9::1, false",
    "2002::1, true",
    "2003::1, false",
    "2001:4860:4860::8888, false",
    "2a00:1450::1, false",
    "3ffe::1, false",
    "3fff::1, true",
    "3fff:fff::1, true",
    "3fff:1000::1, false",
    "4000::1, true"
  })
  void special(String address, boolean special) throws Exception {
    assertThat(SpecialAddresses.special(InetAddress.getByName(address))).isEqualTo(special);
  }

  @ParameterizedTest
  @CsvSource({"::ffff:8.8.8.8, false", "::ffff:10.0.0.1, true", "::ffff:127.0.0.1, true"})
  void ipv4MappedAddressesAreJudgedAsIpv4(String address, boolean special) throws Exception {
    byte[] v4 = InetAddress.getByName(address.substring("::ffff:".length())).getAddress();
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xff;
    mapped[11] = (byte) 0xff;
    System.arraycopy(v4, 0, mapped, 12, 4);
    InetAddress v6 = java.net.Inet6Address.getByAddress(null, mapped, null);

    assertThat(SpecialAddresses.special(v6)).isEqualTo(special);
    assertThat(SpecialAddresses.unmapped(v6).getAddress()).isEqualTo(v4);
  }
}
