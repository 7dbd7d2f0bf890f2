package dev.corral.scan.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PortListTest {

  @Test
  void listsAndRangesSortedWithoutDuplicates() {
    PortList ports = PortList.parse("11434, 8080,1000-1003,1001");
    assertThat(ports.toList()).containsExactly(1000, 1001, 1002, 1003, 8080, 11434);
    assertThat(ports).hasToString("1000-1003,8080,11434");
    assertThat(PortList.DEFAULT.toList()).containsExactly(11434);
    assertThat(PortList.parse("1-65535").size()).isEqualTo(65535);
  }

  @Test
  void errorsNameTheOption() {
    assertThatThrownBy(() -> PortList.parse("11434,70000"))
        .isInstanceOf(TargetSyntaxException.class)
        .hasMessage("--ports ('11434,70000'): port 70000 is out of range (1-65535)");
    assertThatThrownBy(() -> PortList.parse("1010-1000"))
        .hasMessage("--ports ('1010-1000'): port range 1010-1000 is backwards (1010 > 1000)");
    assertThatThrownBy(() -> PortList.parse("80,,81"))
        .hasMessage(
            "--ports ('80,,81'): empty item in the port list (two commas, or one at an end)");
    assertThatThrownBy(() -> PortList.parse("http"))
        .hasMessage("--ports ('http'): 'http' is not a port number (1-65535)");
    assertThatThrownBy(() -> PortList.parse(" ")).hasMessage("--ports (' '): no ports given");
    assertThatThrownBy(() -> PortList.parse("-p", "0"))
        .hasMessage("-p ('0'): port 0 is out of range (1-65535)");
  }
}
