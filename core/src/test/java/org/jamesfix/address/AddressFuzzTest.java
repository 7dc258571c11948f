package org.jamesfix.address;

import static org.jamesfix.ShortFuzzRun.LONG_RUN;
import static org.jamesfix.ShortFuzzRun.text;

import java.nio.file.Path;
import java.util.List;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.jamesfix.ShortFuzzRun;
import org.jamesfix.config.HostFacts;
import org.jamesfix.config.MainCf;
import org.jamesfix.table.TableRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz targets for the address parsers a client feeds: the MAIL/RCPT argument (SmtpPath), the
 * address itself (EmailAddress, AddressTokens) and the resolver behind the relay decision. Only
 * AddressSyntaxException may leave EmailAddress; nothing may leave the others. Each target runs
 * under Jazzer (@FuzzTest: seeds only in a plain build, fuzzing with JAZZER_FUZZ=1) and briefly
 * under {@link ShortFuzzRun} in every build.
 */
class AddressFuzzTest {
    private static final PostfixAddressResolver RESOLVER = PostfixAddressResolver.of(
        MainCf.parse("mydestination = example.com, localhost\nrelay_domains = relay.example\n"
            + "virtual_alias_domains = alias.example\nvirtual_mailbox_domains = inline:{ {box.example = x} }\n"
            + "inet_interfaces = 192.0.2.1\n", "main.cf", HostFacts.of("mail.example.com", "192.0.2.1/24")),
        TableRegistry.standard(Path.of("."))::open);

    @FuzzTest(maxExecutions = LONG_RUN)
    @Timeout(10)
    @DictionaryEntries({"FROM:", "TO:", "<", ">", "<>", "@", "\"", "\\", ":", ",", " NOTIFY=NEVER", " SIZE=10", "@a,@b:",
        "[192.0.2.1]", "[IPv6:::1]", "%", "!", "(", ")", "user", "example.com", ".", "\t"})
    void smtpPath(byte[] input) {
        String text = text(input);
        for (String keyword : List.of("FROM", "TO")) {
            for (String argument : List.of(text, keyword + ":" + text)) {
                SmtpPath.path(argument, keyword).ifPresent(SmtpPath::internalForm);
                SmtpPath.parameters(argument, keyword);
            }
        }
    }

    @FuzzTest(maxExecutions = LONG_RUN)
    @Timeout(10)
    @DictionaryEntries({"<", ">", "@", "\"", "\\", ".", "..", "[", "]", "[192.0.2.1]", "[IPv6:::1]", "user", "example.com",
        " ", "\t", "\u0001", "-", "é"})
    void emailAddress(byte[] input) {
        EmailAddress address;
        try {
            address = EmailAddress.parse(text(input));
        } catch (AddressSyntaxException expected) {
            return;
        }
        address.toInternalForm();
        address.toString();
        // The external form is what tables and replies see: it must read back as the same address.
        EmailAddress again = EmailAddress.parse(address.toExternalForm());
        if (!again.equals(address)) {
            throw new AssertionError("external form " + address.toExternalForm() + " reads back as " + again);
        }
    }

    @FuzzTest(maxExecutions = LONG_RUN)
    @Timeout(10)
    @DictionaryEntries({"@", "%", "!", "\"", "\\", "(", ")", "<", ">", ",", ";", ":", ".", "[", "]", "(comment)", "user",
        "host"})
    void addressTokens(byte[] input) {
        String text = text(input);
        AddressTokens.internalize(AddressTokens.scan(text));
        AddressTokens.internalize(AddressTokens.scan(AddressTokens.quoteLocal(text)));
    }

    @FuzzTest(maxExecutions = LONG_RUN)
    @Timeout(10)
    @DictionaryEntries({"@", "%", "!", "\"", "\\", ".", "[", "]", "@a,@b:", "example.com", "relay.example", "alias.example",
        "box.example", "localhost", "[192.0.2.1]", "[IPv6:::1]", "user", "foreign.example", "(", ")", "<", ">"})
    void resolver(byte[] input) {
        RESOLVER.resolve(text(input));
    }

    @Test
    void smtpPathShouldNeverThrowOnMutatedInput() {
        ShortFuzzRun.run(getClass(), "smtpPath", this::smtpPath);
    }

    @Test
    void emailAddressShouldOnlyThrowItsSyntaxErrorOnMutatedInput() {
        ShortFuzzRun.run(getClass(), "emailAddress", this::emailAddress);
    }

    @Test
    void addressTokensShouldNeverThrowOnMutatedInput() {
        ShortFuzzRun.run(getClass(), "addressTokens", this::addressTokens);
    }

    @Test
    void resolverShouldNeverThrowOnMutatedInput() {
        ShortFuzzRun.run(getClass(), "resolver", this::resolver);
    }
}
