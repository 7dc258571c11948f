package org.jamesfix.table.simple;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jamesfix.config.ConfigException;
import org.jamesfix.config.Origin;
import org.jamesfix.table.LookupResult;
import org.jamesfix.table.LookupTable;
import org.jamesfix.table.SequenceableTable;
import org.jamesfix.table.TableRegistry;
import org.jamesfix.table.text.TextTableFile;

/**
 * Postfix's in-memory hash (util/dict_ht.c), the table behind {@code texthash:/file} and
 * {@code inline:{key=value, ...}}: keys are folded to lower case when loaded and the lookup key is
 * folded the same way (Postfix's DICT_FLAG_FOLD_FIX, which every daemon and postmap -q set).
 * Each value's Found is built once at open, so a hit allocates nothing (folding allocates only
 * for a key that has upper case letters).
 *
 * Errors, at open, as ConfigException: texthash: the file's open/read errors and any line the
 * source reader refuses (file:line); a duplicate key (Postfix's daemons open texthash without a
 * duplicate policy, so the table fails with "FILE, line N: duplicate entry"; only postmap warns
 * and keeps the first). inline: Postfix's messages, ending {@code need "inline:{name=value...}"}.
 *
 * Limits: the texthash reader splits a line at its first whitespace; Postfix also honours
 * "quoted keys" and backslash-escaped blanks there (see TextTableFile). An inline value that is
 * empty ({@code a=}) is refused; Postfix loads it and defers every lookup of that key.
 */
public final class HashTable implements SequenceableTable {
    private static final Pattern DUPLICATE = Pattern.compile(", line (\\d+): (duplicate entry: .*)$");

    private final String spec;
    private final Map<String, LookupResult> entries;
    private final List<Path> sources;

    private HashTable(String spec, Map<String, LookupResult> entries, List<Path> sources) {
        this.spec = spec;
        this.entries = Map.copyOf(entries);
        this.sources = List.copyOf(sources);
    }

    /** Opens {@code texthash:FILE}: the postmap source file read into memory. */
    public static LookupTable openTexthash(String spec, String name, TableRegistry registry) {
        requireName(spec, name);
        Path file = registry.resolve(name);
        TextTableFile.Parsed parsed = TextTableFile.read(file, true);
        if (!parsed.warnings().isEmpty()) {
            throw duplicateError(file, parsed.warnings().get(0));
        }
        Map<String, LookupResult> entries = new HashMap<>();
        for (TextTableFile.Entry entry : parsed.entries()) {
            entries.put(entry.key(), LookupResult.found(entry.value()));
        }
        return new HashTable(spec, entries, List.of(file));
    }

    /** Opens {@code inline:{key=value, { key = text with spaces }, ...}}. */
    public static LookupTable openInline(String spec, String name, TableRegistry registry) {
        requireName(spec, name);
        String inside = BraceSyntax.inside(name).filter(text -> !text.isEmpty())
            .orElseThrow(() -> inlineError(spec, "bad syntax"));
        Map<String, LookupResult> entries = new HashMap<>();
        for (String item : BraceSyntax.items(inside)) {
            String pair = item;
            if (item.charAt(0) == '{') {
                BraceSyntax.Unwrapped unwrapped = BraceSyntax.unwrap(item);
                if (!unwrapped.ok()) {
                    throw inlineError(spec, unwrapped.error());
                }
                pair = unwrapped.text();
            }
            KeyValue keyValue = splitKeyValue(pair, spec);
            // As Postfix: no duplicate check, a later pair replaces an earlier one.
            entries.put(fold(keyValue.key), LookupResult.found(keyValue.value));
        }
        if (entries.isEmpty()) {
            throw inlineError(spec, "empty table");
        }
        return new HashTable(spec, entries, List.of());
    }

    @Override
    public String spec() {
        return spec;
    }

    @Override
    public LookupResult lookup(String key) {
        return entries.getOrDefault(fold(key), LookupResult.notFound());
    }

    @Override
    public List<Path> sources() {
        return sources;
    }

    @Override
    public String toString() {
        return spec;
    }

    private static String fold(String key) {
        return key.toLowerCase(Locale.ROOT);
    }

    private record KeyValue(String key, String value) {
    }

    // Postfix's "key = value" split (util/split_qnameval.c): the key ends at unquoted whitespace
    // or '='; quotes and backslashes are kept in the key; blanks around '=' and the value go.
    private static KeyValue splitKeyValue(String text, String spec) {
        int start = 0;
        while (start < text.length() && isBlank(text.charAt(start))) {
            start++;
        }
        if (start == text.length()) {
            throw inlineError(spec, "no key found; expected format: key = value");
        }
        boolean quoted = false;
        int end = start;
        for (; end < text.length(); end++) {
            char c = text.charAt(end);
            if (c == '\\') {
                if (++end == text.length()) {
                    break;
                }
            } else if ((isBlank(c) || c == '=') && !quoted) {
                break;
            } else if (c == '"') {
                quoted = !quoted;
            }
        }
        if (quoted) {
            throw inlineError(spec, "unbalanced '\"'");
        }
        int equals = end;
        while (equals < text.length() && isBlank(text.charAt(equals))) {
            equals++;
        }
        if (equals == text.length() || text.charAt(equals) != '=') {
            throw inlineError(spec, "missing '=' after attribute name");
        }
        String value = text.substring(equals + 1).strip();
        String key = text.substring(start, Math.min(end, text.length()));
        if (value.isEmpty()) {
            // DEVIATION: Postfix loads "key=" and then fails every lookup of that key.
            throw inlineError(spec, "key " + key + ": empty string result is not allowed");
        }
        return new KeyValue(key, value);
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\u000b';
    }

    private static ConfigException inlineError(String spec, String problem) {
        return new ConfigException(Origin.of(spec), problem + ": \"" + spec + "\"; need \"inline:{name=value...}\"");
    }

    // The reader reports duplicates as warnings "FILE, line N: duplicate entry: "key""; a
    // daemon's texthash refuses them, so they become the error, with the line.
    private static ConfigException duplicateError(Path file, String warning) {
        Matcher matcher = DUPLICATE.matcher(warning);
        if (matcher.find()) {
            return new ConfigException(file.toString(), Integer.parseInt(matcher.group(1)), matcher.group(2));
        }
        return new ConfigException(file.toString(), 0, warning);
    }

    static void requireName(String spec, String name) {
        if (name.isEmpty()) {
            throw new ConfigException(Origin.of(spec), "open dictionary: expecting \"type:name\" form instead of \"" + spec + "\"");
        }
    }

    @Override
    public void forEach(BiConsumer<String, String> action) {
        entries.forEach((key, result) -> action.accept(key, ((LookupResult.Found) result).value()));
    }
}
