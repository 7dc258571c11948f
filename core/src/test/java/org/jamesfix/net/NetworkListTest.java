package org.jamesfix.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * mynetworks-style lists. Membership expectations follow Postfix 3.7 (first match wins, "!"
 * excludes, IPv6 in brackets), as observed with a real Postfix on loopback.
 */
class NetworkListTest {

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "127.0.0.0/8                         | 127.0.0.1      | true",
        "127.0.0.0/8                         | 127.255.1.2    | true",
        "127.0.0.0/8                         | 128.0.0.1      | false",
        "127.0.0.1                           | 127.0.0.1      | true",
        "127.0.0.1                           | 127.0.0.2      | false",
        "127.0.0.0/29                        | 127.0.0.7      | true",
        "127.0.0.0/29                        | 127.0.0.8      | false",
        "192.168.0.0/23                      | 192.168.1.255  | true",
        "192.168.0.0/23                      | 192.168.2.0    | false",
        "0.0.0.0/0                           | 203.0.113.9    | true",
        "!127.0.0.2 127.0.0.0/8              | 127.0.0.2      | false",
        "!127.0.0.2 127.0.0.0/8              | 127.0.0.3      | true",
        "127.0.0.0/8 !127.0.0.2              | 127.0.0.2      | true",
        "[::1]/128                           | ::1            | true",
        "[::1]/128                           | 0:0:0:0:0:0:0:1 | true",
        "[::1]/128                           | 127.0.0.1      | false",
        "[2001:db8::]/32                     | 2001:db8:ffff::1 | true",
        "[2001:db8::]/32                     | 2001:db9::1    | false",
        "[2001:db8::1]                       | 2001:db8::1    | true",
        "127.0.0.0/8                         | ::ffff:127.0.0.1 | true",
        "127.0.0.0/8                         | not-an-address | false",
        "127.0.0.0/8                         | 127.0.0        | false",
    })
    void containsShouldFollowFirstMatch(String list, String address, boolean expected) {
        NetworkList networks = NetworkList.parse(List.of(list.trim().split("\\s+")));

        assertThat(networks.contains(address.trim())).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "10.0.0.1/8       | non-null host address bits in \"10.0.0.1/8\", perhaps you should use \"10.0.0.0/8\" instead",
        "[2001:db8::1]/32 | non-null host address bits in \"2001:db8::1/32\", perhaps you should use \"2001:db8::/32\" instead",
        "10.0.0.0/33      | bad network prefix length: \"10.0.0.0/33\"",
        "10.0.0.0/        | bad network prefix length: \"10.0.0.0/\"",
        "10.0.0.0/x       | bad network prefix length: \"10.0.0.0/x\"",
        "256.0.0.0/8      | bad address: \"256.0.0.0\"",
        "example.com      | bad address: \"example.com\"",
        "[::1/128         | \"[::1/128\": missing \"]\"",
        "hash:/etc/x      | \"hash:/etc/x\": lookup tables and pattern files are not supported in network lists yet",
        "/etc/networks    | \"/etc/networks\": lookup tables and pattern files are not supported in network lists yet",
    })
    void parseShouldNameTheBadElement(String element, String message) {
        assertThatThrownBy(() -> NetworkList.parse(List.of(element.trim())))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage(message.trim());
    }
}
