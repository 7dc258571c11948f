package org.jamesfix.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import org.jamesfix.table.TableList;
import org.junit.jupiter.api.Test;

/**
 * API contracts of the address package that the golden scripts (AddressConformanceTest) do not
 * show: immutability, the instance form of the search, argument checks.
 */
class AddressLookupTest {
    private static final TableList VIRTUAL_TABLE = new TableList(List.of(MemoryTable.of("virtual",
            Map.of("alice@example.com", "bob@example.org"))));

    @Test
    void findShouldAnswerTheSameAsInstanceAndStatically() {
        AddressLookup lookup = new AddressLookup(KeyStrategy.VIRTUAL, RecipientDelimiter.of("+"), LocalDomains.NONE);
        EmailAddress address = EmailAddress.parse("<Alice+list@Example.com>");

        AddressMatch match = lookup.find(VIRTUAL_TABLE, address);

        assertThat(match).isEqualTo(AddressLookup.find(VIRTUAL_TABLE, address, KeyStrategy.VIRTUAL, RecipientDelimiter.of("+"), LocalDomains.NONE));
        assertThat(match).isInstanceOfSatisfying(AddressMatch.Found.class, found -> {
            assertThat(found.key()).isEqualTo("alice@example.com");
            assertThat(found.form()).isEqualTo(KeyForm.NO_EXTENSION);
            assertThat(found.unmatchedExtension()).isEqualTo("+list");
            assertThat(PropagateUnmatchedExtensions.propagate(EmailAddress.parse(found.value()), found.unmatchedExtension()))
                    .hasToString("bob+list@example.org");
        });
    }

    @Test
    void findShouldAnswerNotFoundWhenTheListIsEmpty() {
        assertThat(AddressLookup.find(TableList.empty(), EmailAddress.parse("a@b.example"), KeyStrategy.ACCESS_SENDER,
                RecipientDelimiter.NONE, LocalDomains.NONE)).isSameAs(AddressMatch.NotFound.INSTANCE);
    }

    @Test
    void strategyFormsShouldBeImmutableCopies() {
        EnumSet<KeyForm> forms = EnumSet.of(KeyForm.FULL);
        KeyStrategy strategy = KeyStrategy.of(forms, ParentDomainStyle.NONE, false, "");
        forms.add(KeyForm.AT_DOMAIN);

        assertThat(strategy.forms()).containsExactly(KeyForm.FULL);
        assertThatThrownBy(() -> KeyStrategy.VIRTUAL.forms().add(KeyForm.DOMAIN)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void strategyShouldRejectTheNullAddressAsAForm() {
        assertThatThrownBy(() -> KeyStrategy.of(EnumSet.of(KeyForm.NULL_ADDRESS), ParentDomainStyle.NONE, false, "<>"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parentStyleShouldFollowParentDomainMatchesSubdomains() {
        List<String> defaults = List.of("debug_peer_list", "relay_domains", "smtpd_access_maps");

        assertThat(ParentDomainStyle.forFeature("smtpd_access_maps", defaults)).isEqualTo(ParentDomainStyle.PARENT_MATCHES_SUBDOMAINS);
        assertThat(ParentDomainStyle.forFeature("transport_maps", defaults)).isEqualTo(ParentDomainStyle.DOT_PARENT_MATCHES_SUBDOMAINS);
    }

    @Test
    void addressFactoriesShouldRejectAnEmptyDomainAndMapEmptyToTheNullAddress() {
        assertThatThrownBy(() -> EmailAddress.of("alice", "")).isInstanceOf(AddressSyntaxException.class);
        assertThat(EmailAddress.bare("")).isSameAs(EmailAddress.nullAddress());
        assertThat(EmailAddress.of("alice", "example.com").withLocalPart("alice")).isEqualTo(EmailAddress.of("alice", "example.com"));
        assertThat(EmailAddress.nullAddress()).hasToString("<>");
    }

    @Test
    void propagateShouldKeepTheResultWhenThereIsNoExtension() {
        EmailAddress result = EmailAddress.parse("bob@example.org");

        assertThat(PropagateUnmatchedExtensions.propagate(result, "")).isSameAs(result);
        assertThat(PropagateUnmatchedExtensions.propagate(EmailAddress.nullAddress(), "+x")).isSameAs(EmailAddress.nullAddress());
    }
}
