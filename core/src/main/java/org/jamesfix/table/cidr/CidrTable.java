package org.jamesfix.table.cidr;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.jamesfix.config.ConfigException;
import org.jamesfix.config.Origin;
import org.jamesfix.table.LookupResult;
import org.jamesfix.table.LookupTable;
import org.jamesfix.table.TableRegistry;
import org.jamesfix.table.simple.BraceSyntax;
import org.jamesfix.table.text.TextTableFile;

/**
 * {@code cidr:/file} and, as Postfix 3.7, {@code cidr:{ {rule}, {rule} ... }} (cidr_table(5)):
 * the key, an IPv4 or IPv6 address literal, is compared with the rules in file order and the first
 * matching rule's result is the answer; {@code if}/{@code endif} blocks (which nest) are entered
 * only by keys their pattern matches; '!' negates a pattern. A key that is not an address literal
 * (a name, "[1.2.3.4]", "192.168.001.001", "fe80::1%eth0", surrounding blanks) is not found,
 * without DNS. IPv4-mapped IPv6 keys match IPv6 patterns only. Found results are built at open;
 * a lookup allocates only while parsing the key.
 *
 * Errors at open: the file's open/read errors ({@code FILE: open: No such file or directory});
 * every rule Postfix would skip with a warning, as ConfigException with file and line (see
 * {@link CidrTableParser}); for the inline form, Postfix's brace errors. Limits: no
 * DICT_FLAG_SRC_RHS_IS_FILE (postmap -F).
 */
public final class CidrTable implements LookupTable {
    private final String spec;
    private final CidrRule[] rules;
    private final List<Path> sources;

    // Package-private for the fuzz test, which builds tables from parsed text without a file.
    CidrTable(String spec, List<CidrRule> rules, List<Path> sources) {
        this.spec = spec;
        this.rules = rules.toArray(CidrRule[]::new);
        this.sources = List.copyOf(sources);
    }

    /** Opens {@code cidr:FILE} or {@code cidr:{...}}. */
    public static LookupTable open(String spec, String name, TableRegistry registry) {
        if (name.isEmpty()) {
            throw new ConfigException(Origin.of(spec), "open dictionary: expecting \"type:name\" form instead of \"" + spec + "\"");
        }
        if (name.charAt(0) == '{') {
            return new CidrTable(spec, CidrTableParser.parse(inlineText(spec, name), spec), List.of());
        }
        Path file = registry.resolve(name);
        return new CidrTable(spec, CidrTableParser.parse(TextTableFile.readUtf8(file), file.toString()), List.of(file));
    }

    @Override
    public String spec() {
        return spec;
    }

    @Override
    public LookupResult lookup(String key) {
        Optional<byte[]> parsed = CidrAddresses.parse(key);
        if (parsed.isEmpty()) {
            return LookupResult.notFound();
        }
        byte[] address = parsed.get();
        for (int i = 0; i < rules.length; i++) {
            CidrRule rule = rules[i];
            if (rule.kind == CidrRule.Kind.MATCH) {
                if (rule.matches(address)) {
                    return rule.result;
                }
            } else if (rule.kind == CidrRule.Kind.IF && !rule.matches(address)) {
                i = rule.blockEnd; // skip the block; the loop steps past its ENDIF
            }
        }
        return LookupResult.notFound();
    }

    /** Always true: cidr patterns see the whole key, so address lookups skip partial keys. */
    @Override
    public boolean matchesWholeStringOnly() {
        return true;
    }

    @Override
    public List<Path> sources() {
        return sources;
    }

    @Override
    public String toString() {
        return spec;
    }

    // Postfix 3.7's inline form: each {rule}, trimmed, becomes one line of an in-memory file.
    private static String inlineText(String spec, String name) {
        BraceSyntax.Unwrapped outer = BraceSyntax.unwrap(name);
        if (!outer.ok()) {
            throw new ConfigException(Origin.of(spec), outer.error());
        }
        StringBuilder text = new StringBuilder();
        for (String item : BraceSyntax.items(outer.text())) {
            BraceSyntax.Unwrapped rule = BraceSyntax.unwrap(item);
            if (!rule.ok()) {
                throw new ConfigException(Origin.of(spec), rule.error());
            }
            text.append(rule.text()).append('\n');
        }
        return text.toString();
    }
}
