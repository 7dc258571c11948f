package org.jamesfix.address;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.jamesfix.table.LookupTable;
import org.jamesfix.table.TableList;
import org.jamesfix.GoldenFiles;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Expectations from the Postfix 3.7 manual pages and Postfix 3.7.11 observations (see the comment
 * on the class body). Golden-file conformance for address key derivation and search: each
 * conformance/address/NAME.in script must produce exactly NAME.ref.
 *
 * Script commands (one per line; lines starting with '#' are comments and are not echoed):
 *   delimiter [CHARS]          recipient_delimiter (none without CHARS)
 *   owner_request_special yes|no
 *   local [DOMAIN..]           the local domains ($myorigin, $mydestination ...); "local" alone: none
 *   local-fails                the local-domain test fails
 *   table NAME [KEY=VALUE..]   a fixed-string table (value !FAIL: that key fails; key !ALL: all fail)
 *   pattern NAME [KEY=VALUE..] a whole-string-only table (stands for regexp/pcre), exact keys
 *   tables NAME..              the table list searched, in order
 *   strategy PRESET [parents=none|parent|dot] [null=KEY]
 *   find ADDRESS               every key asked ("  ask TABLE KEY") and the answer
 *   propagation VALUE          propagate_unmatched_extensions (default: canonical, virtual)
 *   map FEATURE ADDRESS        find, then @domain expansion and extension propagation per result
 *   parse ADDRESS              the parsed address, or the syntax error
 *   split LOCALPART            where the recipient delimiter splits a local part
 * Run with -Djamesfix.conformance.update=true to rewrite the .ref files (then review the diff).
 */
class AddressConformanceTest {
    // Expectations from Postfix 3.7 manual pages: virtual(5), canonical(5), relocated(5) TABLE
    // SEARCH ORDER and ADDRESS EXTENSION; transport(5) TABLE SEARCH ORDER; access(5) EMAIL ADDRESS
    // PATTERNS and EMAIL ADDRESS EXTENSION; postconf(5) recipient_delimiter,
    // propagate_unmatched_extensions, parent_domain_matches_subdomains (3.7.11 defaults from
    // postconf -d), smtpd_null_access_lookup_key; and the observations of Postfix 3.7.11 in
    // /work/shared/POSTFIX-FACTS.md (access key order, null sender "<>", lower-cased regexp input,
    // extension propagation, address syntax). Each .in file names its source per section.
    private static final String DIRECTORY = "conformance/address";

    @TestFactory
    Stream<DynamicTest> scriptsShouldProduceTheirReferenceOutput() {
        return GoldenFiles.tests(DIRECTORY, (name, lines) -> new Script().run(lines));
    }

    /** Runs one script, collecting its transcript. */
    private static final class Script {
        private final StringBuilder out = new StringBuilder();
        private final Map<String, LookupTable> tables = new HashMap<>();
        private TableList list = TableList.empty();
        private String delimiters = "";
        private boolean ownerRequestSpecial = true;
        private LocalDomains localDomains = LocalDomains.NONE;
        private KeyStrategy strategy = KeyStrategy.VIRTUAL;
        private PropagateUnmatchedExtensions propagation = PropagateUnmatchedExtensions.DEFAULT;

        String run(List<String> lines) {
            for (String line : lines) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                out.append(">>> ").append(line).append('\n');
                String[] words = line.trim().split("\\s+");
                String rest = words.length > 1 ? line.trim().substring(words[0].length()).trim() : "";
                try {
                    command(words, rest);
                } catch (IllegalArgumentException e) {
                    print("error: " + e.getMessage());
                }
            }
            return out.toString();
        }

        private void command(String[] words, String rest) {
            switch (words[0]) {
                case "delimiter" -> delimiters = words.length > 1 ? words[1] : "";
                case "owner_request_special" -> ownerRequestSpecial = words[1].equals("yes");
                case "local" -> {
                    Set<String> domains = Set.of(Arrays.copyOfRange(words, 1, words.length));
                    localDomains = LocalDomains.matching(domains::contains);
                }
                case "local-fails" -> localDomains = domain -> LocalDomains.Answer.FAILED;
                case "table" -> tables.put(words[1], table(words, false));
                case "pattern" -> tables.put(words[1], table(words, true));
                case "tables" -> {
                    List<LookupTable> chosen = new ArrayList<>();
                    for (int i = 1; i < words.length; i++) {
                        chosen.add(tables.get(words[i]));
                    }
                    list = new TableList(chosen);
                }
                case "strategy" -> strategy = strategy(words);
                case "find" -> find(rest);
                case "propagation" -> propagation = PropagateUnmatchedExtensions.parse(rest);
                case "map" -> map(words[1], words[2]);
                case "parse" -> parse(rest);
                case "split" -> split(words[1]);
                default -> throw new IllegalStateException("unknown script command: " + words[0]);
            }
        }

        private LookupTable table(String[] words, boolean wholeStringOnly) {
            Map<String, String> entries = new LinkedHashMap<>();
            for (int i = 2; i < words.length; i++) {
                int equals = words[i].indexOf('=', 1);
                entries.put(words[i].substring(0, equals), words[i].substring(equals + 1));
            }
            return new MemoryTable(words[1], entries, wholeStringOnly, key -> print("ask " + key));
        }

        private static KeyStrategy strategy(String[] words) {
            KeyStrategy chosen = switch (words[1]) {
                case "VIRTUAL" -> KeyStrategy.VIRTUAL;
                case "CANONICAL" -> KeyStrategy.CANONICAL;
                case "RELOCATED" -> KeyStrategy.RELOCATED;
                case "TRANSPORT" -> KeyStrategy.TRANSPORT;
                case "ACCESS_SENDER" -> KeyStrategy.ACCESS_SENDER;
                case "ACCESS_RECIPIENT" -> KeyStrategy.ACCESS_RECIPIENT;
                default -> throw new IllegalStateException("unknown preset: " + words[1]);
            };
            for (int i = 2; i < words.length; i++) {
                String option = words[i];
                if (option.startsWith("parents=")) {
                    chosen = chosen.withParents(switch (option.substring(8)) {
                        case "none" -> ParentDomainStyle.NONE;
                        case "parent" -> ParentDomainStyle.PARENT_MATCHES_SUBDOMAINS;
                        case "dot" -> ParentDomainStyle.DOT_PARENT_MATCHES_SUBDOMAINS;
                        default -> throw new IllegalStateException("unknown parents style: " + option);
                    });
                } else if (option.startsWith("null=")) {
                    chosen = chosen.withNullAddressKey(option.substring(5));
                } else {
                    throw new IllegalStateException("unknown strategy option: " + option);
                }
            }
            return chosen;
        }

        private RecipientDelimiter delimiter() {
            return new RecipientDelimiter(delimiters, ownerRequestSpecial, "double-bounce");
        }

        private AddressMatch search(String text) {
            return AddressLookup.find(list, EmailAddress.parse(text), strategy, delimiter(), localDomains);
        }

        private void find(String text) {
            print(describe(search(text)));
        }

        private static String describe(AddressMatch match) {
            if (match instanceof AddressMatch.Found found) {
                return "found " + found.table().spec() + " " + found.key() + " (" + found.form().name().toLowerCase(Locale.ROOT) + ") = "
                        + found.value() + (found.unmatchedExtension().isEmpty() ? "" : ", unmatched extension " + found.unmatchedExtension());
            }
            if (match instanceof AddressMatch.Failed failed) {
                return "failed " + failed.source() + " " + failed.key() + ": " + failed.reason();
            }
            return "not found";
        }

        private void map(String feature, String text) {
            EmailAddress original = EmailAddress.parse(text);
            AddressMatch match = search(text);
            print(describe(match));
            if (match instanceof AddressMatch.Found found) {
                String value = PropagateUnmatchedExtensions.expandAtDomain(found.value(), original, found.unmatchedExtension());
                PropagateUnmatchedExtensions.Feature which = PropagateUnmatchedExtensions.Feature.valueOf(feature.toUpperCase(Locale.ROOT));
                for (String one : value.split(",")) {
                    print("-> " + propagation.apply(which, EmailAddress.parse(one), found.unmatchedExtension()));
                }
            }
        }

        private void parse(String text) {
            EmailAddress address = EmailAddress.parse(text);
            print(address.isNull() ? "null address"
                    : "local [" + address.localPart() + "] domain [" + address.domain().orElse("") + "] external [" + address.toExternalForm() + "]");
        }

        private void split(String localPart) {
            int start = delimiter().extensionStart(localPart);
            print(start < 0 ? "no extension" : "[" + localPart.substring(0, start) + "] [" + localPart.substring(start) + "]");
        }

        private void print(String line) {
            out.append("  ").append(line).append('\n');
        }
    }
}
