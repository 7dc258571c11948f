package org.jamesfix.restriction;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.jamesfix.config.HostFacts;
import org.jamesfix.config.MainCf;
import org.jamesfix.policy.Policy;
import org.jamesfix.table.LookupResult;
import org.jamesfix.table.LookupTable;
import org.jamesfix.table.TableRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The authorized-destination test as the matcher RecipientIsUnauthDestination uses it. Verdicts
 * are Postfix 3.7.11's for an untrusted client with this configuration (relay access denied or
 * not: POSTFIX-FACTS "Relay / address parsing", conformance/resolve/relay.in and options.in,
 * recorded from Postfix 3.7.11).
 */
class DestinationsTest {
    private static final String MAIN_CF = "myhostname = mail.example.com\nmyorigin = example.com\n"
        + "mydestination = $myhostname, example.com\nrelay_domains = relay.example\ninet_interfaces = 127.0.0.1\n";

    private static Destinations destinations(String extra) {
        TableRegistry registry = TableRegistry.standard(Path.of(".")).with("failing", (spec, name, r) -> LookupTable.of(spec, key -> LookupResult.failed("simulated outage")));
        return Destinations.of(Policy.of(MainCf.parse(MAIN_CF + extra, "main.cf", HostFacts.of("mail.example.com", "127.0.0.1/8")),
            registry));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "bob@example.com                         | AUTHORIZED",
        "bob@EXAMPLE.COM                         | AUTHORIZED",
        "bob@example.com.                        | AUTHORIZED",
        "user@relay.example                      | AUTHORIZED",
        "user@RELAY.EXAMPLE                      | AUTHORIZED",
        "user@relay.example.                     | AUTHORIZED",
        "user@sub.relay.example                  | AUTHORIZED",
        "user@xrelay.example                     | UNAUTHORIZED",
        "bob@[127.0.0.1]                         | AUTHORIZED",
        "bob@[127.0.0.2]                         | UNAUTHORIZED",
        "user@foreign.example                    | UNAUTHORIZED",
        "user@FOREIGN.example.                   | UNAUTHORIZED",
        "user%foreign.example@example.com        | UNAUTHORIZED",
        "foreign.example!user@example.com        | UNAUTHORIZED",
        "\"user@foreign.example\"@example.com    | UNAUTHORIZED",
        "user@foreign.example@example.com        | UNAUTHORIZED",
        "@example.com:user@foreign.example       | UNAUTHORIZED",
        "user%relay.example@example.com          | AUTHORIZED",
        "relay.example!user@example.com          | AUTHORIZED",
        "user%foreign.example@relay.example      | UNAUTHORIZED",
        "foreign.example!user@relay.example      | UNAUTHORIZED",
        "bob                                     | AUTHORIZED",
        "foreign.example!user                    | UNAUTHORIZED",
        "relay.example!user                      | AUTHORIZED",
        "user@[]                                 | UNAUTHORIZED",
    })
    void checkShouldAnswerAsPostfixForAnUntrustedClient(String recipient, Destinations.Outcome expected) {
        assertThat(destinations("").check(recipient).outcome()).isEqualTo(expected);
    }

    @Test
    void routingInsideARelayDomainShouldBeAuthorizedWithAllowUntrustedRouting() {
        Destinations allowing = destinations("allow_untrusted_routing = yes\n");

        assertThat(allowing.check("user%foreign.example@relay.example").outcome()).isEqualTo(Destinations.Outcome.AUTHORIZED);
        assertThat(allowing.check("user%foreign.example@example.com").outcome()).isEqualTo(Destinations.Outcome.UNAUTHORIZED);
    }

    @Test
    void parentDomainsShouldNeedALeadingDotWhenRelayDomainsIsNotListedForSubdomains() {
        Destinations exact = destinations("parent_domain_matches_subdomains =\nrelay_domains = relay.example, .dotted.example\n");

        assertThat(exact.check("user@sub.relay.example").outcome()).isEqualTo(Destinations.Outcome.UNAUTHORIZED);
        assertThat(exact.check("user@sub.dotted.example").outcome()).isEqualTo(Destinations.Outcome.AUTHORIZED);
    }

    @Test
    void aFailingDomainListShouldBeNeitherYesNorNo() {
        Destinations.Verdict verdict = destinations("relay_domains = failing:x\n").check("user@foreign.example");

        assertThat(verdict.outcome()).isEqualTo(Destinations.Outcome.LOOKUP_FAILED);
        assertThat(verdict.reason()).startsWith("lookup failed: ").contains("failing:x");
    }

    @Test
    void reasonShouldNameTheFinalAddressAndItsClass() {
        Destinations destinations = destinations("");

        assertThat(destinations.check("user%foreign.example@example.com").reason())
            .isEqualTo("resolves to user@foreign.example, class default");
        assertThat(destinations.check("user%foreign.example@relay.example").reason())
            .isEqualTo("resolves to user%foreign.example@relay.example, class relay, routed (allow_untrusted_routing = no)");
        assertThat(destinations.check("user@[]").reason()).startsWith("bad address syntax: ");
        assertThat(destinations.check("bob").reason()).isEqualTo("resolves to bob@example.com, class local");
    }
}
