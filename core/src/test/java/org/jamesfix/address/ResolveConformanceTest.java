package org.jamesfix.address;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.jamesfix.config.ConfigException;
import org.jamesfix.config.HostFacts;
import org.jamesfix.config.MainCfParser;
import org.jamesfix.config.Parameters;
import org.jamesfix.table.LookupResult;
import org.jamesfix.table.LookupTable;
import org.jamesfix.table.TableRegistry;
import org.jamesfix.GoldenFiles;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden-file conformance for {@link PostfixAddressResolver} and {@link DomainList}: each
 * conformance/resolve/NAME.in script must produce exactly NAME.ref.
 *
 * Script commands (one per line; '#' lines are comments and are not echoed):
 *   host NAME ADDR/PREFIX..    the machine (HostFacts) for inet_interfaces = all
 *   main.cf                    main.cf lines follow until a line "." (replaces earlier ones)
 *   file NAME                  lines follow until "."; written to $DIR/NAME ($DIR in main.cf works)
 *   resolve ADDRESS            the resolved address, class, routed flag, and what
 *                              permit_auth_destination gives an untrusted client
 *   match PARAMETER DOMAIN     the domain-list answer of one of the four domain lists
 * Tables: every standard type, plus "fail:NAME" whose every lookup fails.
 * Run with -Djamesfix.conformance.update=true to rewrite the .ref files (then review the diff).
 */
class ResolveConformanceTest {
    // Expectations: Postfix 3.7.11, observed directly: every resolve/match verdict was checked
    // against a separate Postfix 3.7.11 instance (own config dir, untrusted client 127.0.0.9,
    // reject_unauth_destination); rewritten addresses come from /work/shared/POSTFIX-FACTS.md
    // (observed on 3.7.11) or from reading 3.7.11's trivial-rewrite resolve.c and rewrite.c.
    private static final String DIRECTORY = "conformance/resolve";

    @TempDir
    Path temporary;

    @TestFactory
    Stream<DynamicTest> scriptsShouldProduceTheirReferenceOutput() {
        return GoldenFiles.tests(DIRECTORY, (name, lines) -> new Script(Files.createTempDirectory(temporary, "resolve")).run(lines));
    }

    /** Runs one script, collecting its transcript. */
    private static final class Script {
        private final StringBuilder out = new StringBuilder();
        private final Path work;
        private final TableRegistry registry;
        private HostFacts host = HostFacts.of("mail.example.com", "127.0.0.1/8", "::1/128");
        private String mainCf = "";
        private PostfixAddressResolver resolver;
        private Parameters parameters;

        Script(Path work) {
            this.work = work;
            this.registry = TableRegistry.standard(work).with("fail", (spec, name, unused) -> new FailingTable(spec));
        }

        String run(List<String> lines) throws IOException {
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                out.append(">>> ").append(line).append('\n');
                String[] words = line.trim().split("\\s+");
                if (words[0].equals("main.cf") || words[0].equals("file")) {
                    List<String> block = new ArrayList<>();
                    while (!lines.get(++i).equals(".")) {
                        block.add(lines.get(i));
                        out.append(lines.get(i)).append('\n');
                    }
                    out.append(".\n");
                    String text = String.join("\n", block).replace("$DIR", work.toString()) + "\n";
                    if (words[0].equals("file")) {
                        Files.writeString(work.resolve(words[1]), text, StandardCharsets.UTF_8);
                    } else {
                        mainCf = text;
                        resolver = null;
                    }
                    continue;
                }
                try {
                    command(words, line.trim().substring(words[0].length()).trim());
                } catch (ConfigException | IllegalArgumentException e) {
                    print("error: " + e.getMessage());
                }
            }
            return out.toString();
        }

        private void command(String[] words, String rest) {
            switch (words[0]) {
                case "host" -> {
                    host = HostFacts.of(words[1], Arrays.copyOfRange(words, 2, words.length));
                    resolver = null;
                }
                case "resolve" -> print(describe(resolver().resolve(rest)));
                case "match" -> print(describe(domainList(words[1]).match(words[2])));
                default -> throw new IllegalStateException("unknown script command: " + words[0]);
            }
        }

        private PostfixAddressResolver resolver() {
            if (resolver == null) {
                parameters = Parameters.of(MainCfParser.parse(mainCf, "main.cf"), host);
                resolver = PostfixAddressResolver.of(parameters, registry::open);
            }
            return resolver;
        }

        private DomainList domainList(String name) {
            resolver();
            List<String> elements = parameters.getList(name);
            if (name.equals("relay_domains")) {
                return DomainList.hostnames(name, elements, registry::open,
                    ParentDomainStyle.forFeature(name, parameters.getList("parent_domain_matches_subdomains")));
            }
            return DomainList.strings(name, elements, registry::open);
        }

        private String describe(AddressResolver.Resolution resolution) {
            if (resolution instanceof AddressResolver.Resolved resolved) {
                boolean allowRouting = parameters.getBoolean("allow_untrusted_routing");
                return resolved.address().toInternalForm() + " " + resolved.addressClass().name().toLowerCase(Locale.ROOT)
                    + (resolved.routed() ? " routed" : "")
                    + " -> untrusted client " + (resolved.isAuthDestination(allowRouting) ? "permitted" : "relay access denied");
            }
            if (resolution instanceof AddressResolver.SyntaxError error) {
                return "501 5.1.3 Bad recipient address syntax (" + error.reason() + ")";
            }
            return "defer: " + ((AddressResolver.Failed) resolution).reason();
        }

        private String describe(DomainList.Match match) {
            if (match instanceof DomainList.Failed failed) {
                return "failed: " + failed.reason();
            }
            return match == DomainList.Outcome.MATCHED ? "matched" : "not matched";
        }

        private void print(String line) {
            out.append("  ").append(line.replace(work.toString(), "$DIR")).append('\n');
        }
    }

    /** A table whose every lookup fails, standing for an unreachable database. */
    private record FailingTable(String spec) implements LookupTable {
        @Override
        public LookupResult lookup(String key) {
            return LookupResult.failed(spec + ": connection refused");
        }
    }
}
