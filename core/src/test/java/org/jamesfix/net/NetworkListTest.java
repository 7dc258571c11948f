package org.jamesfix.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.jamesfix.table.LookupResult;
import org.jamesfix.table.LookupTable;

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

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "test:trusted                 | 192.0.2.7    | true",
        "test:trusted                 | 192.0.2.8    | false",
        "test:trusted                 | ::1          | true",
        "test:trusted                 | 0:0:0:0:0:0:0:1 | true",
        "!test:trusted 192.0.2.0/24   | 192.0.2.7    | false",
        "!test:trusted 192.0.2.0/24   | 192.0.2.8    | true",
        "test:failing 192.0.2.0/24    | 192.0.2.8    | false",
    })
    void tablesShouldMatchOnTheAddressText(String list, String address, boolean expected) {
        NetworkList networks = NetworkList.parse(List.of(list.trim().split("\\s+")), spec -> new MapTable(spec));

        assertThat(networks.contains(address.trim())).isEqualTo(expected);
    }

    /** Finds "192.0.2.7" and "::1"; the table named test:failing fails every lookup. */
    private record MapTable(String spec) implements LookupTable {
        @Override
        public LookupResult lookup(String key) {
            if (spec.equals("test:failing")) {
                return LookupResult.failed("test failure");
            }
            return Map.of("192.0.2.7", "OK", "::1", "OK").containsKey(key) ? LookupResult.found("OK") : LookupResult.notFound();
        }
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
        "hash:/etc/x      | \"hash:/etc/x\": no lookup tables here",
        "/etc/networks    | \"/etc/networks\": pattern files are not supported in network lists",
    })
    void parseShouldNameTheBadElement(String element, String message) {
        assertThatThrownBy(() -> NetworkList.parse(List.of(element.trim())))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage(message.trim());
    }
}
