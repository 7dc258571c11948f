package org.jamesfix.address;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Parser cases found by fuzzing (AddressFuzzTest); the Postfix-recorded cases are conformance/address/syntax.in. */
class EmailAddressTest {
    @Test
    void parseShouldSplitAtTheLastUnquotedAtWhenTheLiteralHoldsAQuotedAt() {
        EmailAddress address = EmailAddress.parse("a@[\"@\"]");

        assertThat(address.localPart()).isEqualTo("a");
        assertThat(address.domain()).contains("[\"@\"]");
        assertThat(EmailAddress.parse(address.toExternalForm())).isEqualTo(address);
    }
}
