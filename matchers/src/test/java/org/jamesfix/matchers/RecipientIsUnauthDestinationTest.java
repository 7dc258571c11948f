package org.jamesfix.matchers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collection;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which recipients Postfix 3.7.11 answers with "554 5.7.1 ... Relay access denied" when an
 * untrusted client sends them (POSTFIX-FACTS "Relay / address parsing" and core's
 * conformance/resolve files, recorded from Postfix 3.7.11): exactly those must match. Trailing-dot
 * forms ({@code user@relay.example.}) cannot be tested here: James's MailAddress refuses them
 * (core's DestinationsTest covers them).
 */
class RecipientIsUnauthDestinationTest {
    private static final String MAIN_CF = "myhostname = mail.example.com\nmyorigin = example.com\n"
        + "mydestination = $myhostname, example.com\nrelay_domains = relay.example\ninet_interfaces = 127.0.0.1\n";

    private static RecipientIsUnauthDestination matcher(String mainCf) throws MessagingException {
        RecipientIsUnauthDestination matcher = new RecipientIsUnauthDestination(Policies.of(mainCf));
        matcher.init(FakeMatcherConfig.builder().matcherName("RecipientIsUnauthDestination").build());
        return matcher;
    }

    private static Collection<MailAddress> match(RecipientIsUnauthDestination matcher, String... recipients) throws MessagingException {
        return matcher.match(FakeMail.builder().name("mail").remoteAddr("192.0.2.1").recipients(recipients).build());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "bob@example.com",
        "bob@EXAMPLE.COM",
        "bob@mail.example.com",
        "user@relay.example",
        "user@RELAY.Example",
        "user@sub.relay.example",
        "user@a.b.relay.example",
        "user%relay.example@example.com",
        "relay.example!user@example.com",
        "bob@[127.0.0.1]",
    })
    void authorizedDestinationsShouldNotMatch(String recipient) throws Exception {
        assertThat(match(matcher(MAIN_CF), recipient)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "user@foreign.example",
        "user@FOREIGN.EXAMPLE",
        "user@xrelay.example",
        "user%foreign.example@example.com",
        "user%foreign.example%example.com@example.com",
        "foreign.example!user@example.com",
        "\"user@foreign.example\"@example.com",
        "\"user%foreign.example\"@example.com",
        "user%foreign.example@relay.example",
        "foreign.example!user@relay.example",
        "user%foreign.example@[127.0.0.1]",
        "bob@[127.0.0.2]",
    })
    void unauthorizedDestinationsShouldMatch(String recipient) throws Exception {
        assertThat(match(matcher(MAIN_CF), recipient)).containsExactly(new MailAddress(recipient));
    }

    @Test
    void matchShouldReturnOnlyTheUnauthorizedRecipients() throws Exception {
        assertThat(match(matcher(MAIN_CF), "bob@example.com", "user@foreign.example", "user@relay.example", "x%y.example@example.com"))
            .containsExactly(new MailAddress("user@foreign.example"), new MailAddress("x%y.example@example.com"));
    }

    @Test
    void routingInsideARelayDomainShouldNotMatchWithAllowUntrustedRouting() throws Exception {
        RecipientIsUnauthDestination allowing = matcher(MAIN_CF + "allow_untrusted_routing = yes\n");

        assertThat(match(allowing, "user%foreign.example@relay.example")).isEmpty();
        assertThat(match(allowing, "user%foreign.example@example.com")).hasSize(1);
    }

    @Test
    void subdomainsShouldNeedALeadingDotWhenRelayDomainsIsNotInParentDomainMatchesSubdomains() throws Exception {
        RecipientIsUnauthDestination exact = matcher(MAIN_CF + "parent_domain_matches_subdomains =\nrelay_domains = relay.example, .dotted.example\n");

        assertThat(match(exact, "user@sub.relay.example")).hasSize(1);
        assertThat(match(exact, "user@relay.example", "user@sub.dotted.example")).isEmpty();
    }

    @Test
    void percentHackOffShouldStillNotRelay() throws Exception {
        // Postfix 3.7.11 with allow_percent_hack = no, swap_bangpath = no: still relay access denied.
        RecipientIsUnauthDestination strict = matcher(MAIN_CF + "allow_percent_hack = no\nswap_bangpath = no\n");

        assertThat(match(strict, "user%foreign.example@example.com", "foreign.example!user@example.com")).hasSize(2);
    }

    @Test
    void aFailedDomainListLookupShouldCountAsUnauthorized() throws Exception {
        RecipientIsUnauthDestination failing = matcher(MAIN_CF + "relay_domains = failing:relays\n");

        assertThat(match(failing, "user@relay.example", "bob@example.com")).containsExactly(new MailAddress("user@relay.example"));
    }

    @Test
    void initShouldRefuseACondition() {
        RecipientIsUnauthDestination matcher = new RecipientIsUnauthDestination(Policies.of(MAIN_CF));

        assertThatThrownBy(() -> matcher.init(FakeMatcherConfig.builder().matcherName("RecipientIsUnauthDestination")
                .condition("relay.example").build()))
            .isInstanceOf(MessagingException.class)
            .hasMessage("matcher RecipientIsUnauthDestination takes no condition, found \"relay.example\"");
    }
}
