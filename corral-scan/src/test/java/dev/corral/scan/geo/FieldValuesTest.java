package dev.corral.scan.geo;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** How raw record values become a country code and an AS number. */
class FieldValuesTest {

  @Test
  void countryCodesAreTwoLettersUpperCased() {
    assertThat(MmdbDatabase.countryCode("US")).isEqualTo("US");
    assertThat(MmdbDatabase.countryCode("de")).isEqualTo("DE");
    assertThat(MmdbDatabase.countryCode("XK")).as("user-assigned, used for Kosovo").isEqualTo("XK");
    assertThat(MmdbDatabase.countryCode("Germany")).isNull();
    assertThat(MmdbDatabase.countryCode("")).isNull();
    assertThat(MmdbDatabase.countryCode("U1")).isNull();
    assertThat(MmdbDatabase.countryCode("ÜS")).isNull();
    assertThat(MmdbDatabase.countryCode(null)).isNull();
    assertThat(MmdbDatabase.countryCode(42L)).isNull();
  }

  @Test
  void asNumbersFromNumbersAndText() {
    assertThat(MmdbDatabase.asNumber(15_169L)).isEqualTo(15_169L);
    assertThat(MmdbDatabase.asNumber(15_169)).isEqualTo(15_169L);
    assertThat(MmdbDatabase.asNumber(BigInteger.valueOf(4_200_000_000L))).isEqualTo(4_200_000_000L);
    assertThat(MmdbDatabase.asNumber("AS15169")).isEqualTo(15_169L);
    assertThat(MmdbDatabase.asNumber("as13335")).isEqualTo(13_335L);
    assertThat(MmdbDatabase.asNumber(" 64500 ")).isEqualTo(64_500L);
    assertThat(MmdbDatabase.asNumber("4294967295")).isEqualTo(4_294_967_295L);
    assertThat(MmdbDatabase.asNumber("4294967296")).as("beyond 32 bits").isNull();
    assertThat(MmdbDatabase.asNumber(0L)).isNull();
    assertThat(MmdbDatabase.asNumber(-1)).isNull();
    assertThat(MmdbDatabase.asNumber("AS")).isNull();
    assertThat(MmdbDatabase.asNumber("AS15169 Google")).isNull();
    assertThat(MmdbDatabase.asNumber("")).isNull();
    assertThat(MmdbDatabase.asNumber(null)).isNull();
  }
}
