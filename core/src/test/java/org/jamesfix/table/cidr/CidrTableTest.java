package org.jamesfix.table.cidr;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.jamesfix.table.LookupResult;
import org.jamesfix.table.LookupTable;
import org.jamesfix.table.LookupTableContract;
import org.jamesfix.table.TableRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** cidr: against the table contract, plus address forms (checked with Postfix 3.7.11 postmap -q). */
class CidrTableTest implements LookupTableContract {
    @TempDir
    Path dir;

    @BeforeEach
    void writeTable() throws IOException {
        Files.writeString(dir.resolve("clients.cidr"), """
            192.168.1.1      OK
            192.168.0.0/16   REJECT
            if 2001:db8::/32
            2001:db8::1      OK
            !2001:db8::/48   REJECT v6
            endif
            """);
    }

    @Override
    public String spec() {
        return "cidr:clients.cidr";
    }

    @Override
    public LookupTable open() {
        return TableRegistry.standard(dir).open(spec());
    }

    @Override
    public String presentKey() {
        return "192.168.7.7";
    }

    @Override
    public String presentValue() {
        return "REJECT";
    }

    @Override
    public Optional<String> absentKey() {
        return Optional.of("10.0.0.1");
    }

    @Override
    public boolean fileBacked() {
        return true;
    }

    @Test
    void cidrTablesShouldMatchWholeStringsOnly() {
        assertThat(open().matchesWholeStringOnly()).isTrue();
    }

    @Test
    void hitsShouldReturnTheFoundBuiltAtOpen() {
        LookupTable table = open();
        assertThat(table.lookup("192.168.2.1")).isSameAs(table.lookup("192.168.3.1"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "192.168.1.1            | OK",
        "2001:DB8:0::1          | OK",
        "2001:db8:1::1          | REJECT v6",
        "2001:db8::2            | -",
        "::ffff:192.168.1.1     | -",
        "192.168.01.1           | -",
        "[192.168.1.1]          | -",
        "192.168.1.1.           | -",
        "2001:db8::1%eth0       | -",
        "mail.example.com       | -",
    })
    void lookupShouldTreatAddressFormsAsPostfixDoes(String key, String expected) {
        LookupResult result = open().lookup(key);
        assertThat(result).isEqualTo(expected == null ? LookupResult.notFound() : LookupResult.found(expected));
    }
}
