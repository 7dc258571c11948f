package org.jamesfix.address;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import org.jamesfix.table.LookupResult;
import org.jamesfix.table.LookupTable;
import org.jamesfix.table.TableRegistry;

/**
 * A list of domains as Postfix's match_list matches it (mydestination, relay_domains,
 * virtual_alias_domains, virtual_mailbox_domains): elements are tried in order and the first
 * that matches decides; {@code !element} inverts the answer of that element (several '!' toggle);
 * names compare case-insensitively; a {@code type:name} element looks the domain up (found =
 * match, the value is ignored); a {@code /file/name} element is replaced by the elements on the
 * file's lines (lines starting with '#' skipped, a leading '!' applies to each of them).
 *
 * Two matching styles, as in Postfix: {@link #strings} (string_list: the whole domain only; used
 * for mydestination and the virtual domain lists) and {@link #hostnames} (domain_list: also
 * subdomains, by {@link ParentDomainStyle}: {@code example.com} matches {@code a.example.com}
 * when the list is in parent_domain_matches_subdomains, else only a {@code .example.com} element
 * does; tables other than regexp/pcre/cidr are asked the parent keys the same way).
 *
 * Errors: a table that cannot answer makes the whole match {@link Failed} (Postfix stops the
 * search with an error; callers defer), never a non-match. A /file that cannot be read becomes an
 * element whose every test fails, as Postfix's surrogate table does. Limits: file lines are split
 * at commas and white space only ({@code {...}} grouping is not supported inside files).
 * Immutable and thread-safe once built.
 */
public final class DomainList {

    /** The answer to one test: the domain is in the list, is not, or the list could not tell. */
    public sealed interface Match permits Outcome, Failed {
    }

    /** A definite answer. */
    public enum Outcome implements Match {
        MATCHED, NOT_MATCHED
    }

    /** The list could not be searched (a table lookup failed): try again later. */
    public record Failed(String reason) implements Match {
    }

    /** One element: a folded name or a table (or a file that could not be read), possibly negated. */
    private record Element(boolean negated, String name, LookupTable table, String failure) {
    }

    private static final DomainList EMPTY = new DomainList("", List.of(), false, ParentDomainStyle.NONE);

    private final String parameterName;
    private final List<Element> elements;
    private final boolean hostnames;
    private final ParentDomainStyle parents;

    private DomainList(String parameterName, List<Element> elements, boolean hostnames, ParentDomainStyle parents) {
        this.parameterName = parameterName;
        this.elements = List.copyOf(elements);
        this.hostnames = hostnames;
        this.parents = parents;
    }

    /** A list that matches nothing. */
    public static DomainList empty() {
        return EMPTY;
    }

    /** A whole-domain list (Postfix string_list): mydestination, virtual_*_domains. */
    public static DomainList strings(String parameterName, List<String> elements, Function<String, LookupTable> tables) {
        return new DomainList(parameterName, parse(parameterName, elements, tables), false, ParentDomainStyle.NONE);
    }

    /**
     * A host-name list (Postfix domain_list): relay_domains. {@code parents} is
     * PARENT_MATCHES_SUBDOMAINS when the list is in parent_domain_matches_subdomains, else
     * DOT_PARENT_MATCHES_SUBDOMAINS.
     */
    public static DomainList hostnames(String parameterName, List<String> elements, Function<String, LookupTable> tables,
                                       ParentDomainStyle parents) {
        return new DomainList(parameterName, parse(parameterName, elements, tables), true, parents);
    }

    /** Elements of the list, /file names expanded, tables opened, names folded. */
    private static List<Element> parse(String parameterName, List<String> items, Function<String, LookupTable> tables) {
        List<Element> out = new ArrayList<>(items.size());
        for (String item : items) {
            add(parameterName, item, false, tables, out, 0);
        }
        return out;
    }

    private static void add(String parameterName, String item, boolean negatedBefore, Function<String, LookupTable> tables,
                            List<Element> out, int depth) {
        boolean negated = negatedBefore;
        int start = 0;
        while (start < item.length() && item.charAt(start) == '!') {
            negated = !negated;
            start++;
        }
        String pattern = item.substring(start);
        if (pattern.isEmpty()) {
            throw new IllegalArgumentException(parameterName + ": no pattern after '!'");
        }
        if (pattern.charAt(0) == '/') {
            addFile(parameterName, pattern, negated, tables, out, depth);
        } else if (TableRegistry.isSpec(pattern)) {
            out.add(new Element(negated, "", tables.apply(pattern), ""));
        } else {
            out.add(new Element(negated, pattern.toLowerCase(Locale.ROOT), null, ""));
        }
    }

    /** Expands a /file/name element in place; an unreadable file becomes an always-failing element. */
    private static void addFile(String parameterName, String fileName, boolean negated, Function<String, LookupTable> tables,
                                List<Element> out, int depth) {
        if (depth > 10) {
            throw new IllegalArgumentException(parameterName + ": /file nesting too deep at " + fileName);
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of(fileName), StandardCharsets.UTF_8);
        } catch (IOException e) {
            String reason = e instanceof java.nio.file.NoSuchFileException ? "No such file or directory" : e.toString();
            out.add(new Element(negated, "", null, "open file " + fileName + ": " + reason));
            return;
        }
        for (String line : lines) {
            if (line.startsWith("#")) {
                continue;
            }
            for (String word : line.split("[,\\s]+")) {
                if (!word.isEmpty()) {
                    add(parameterName, word, negated, tables, out, depth + 1);
                }
            }
        }
    }

    /** Tests a domain (any case, no trailing dot): the first element that matches decides. */
    public Match match(String domain) {
        String folded = domain.toLowerCase(Locale.ROOT);
        for (int i = 0; i < elements.size(); i++) {
            Element element = elements.get(i);
            Match one;
            if (!element.failure().isEmpty()) {
                one = new Failed(parameterName + ": " + element.failure());
            } else if (element.table() != null) {
                one = lookup(element.table(), folded);
            } else {
                one = matchesName(folded, element.name()) ? Outcome.MATCHED : Outcome.NOT_MATCHED;
            }
            if (one instanceof Failed) {
                return one;
            }
            if (one == Outcome.MATCHED) {
                return element.negated() ? Outcome.NOT_MATCHED : Outcome.MATCHED;
            }
        }
        return Outcome.NOT_MATCHED;
    }

    public boolean isEmpty() {
        return elements.isEmpty();
    }

    /** A name element against the folded domain: exact, or a parent per the matching style. */
    private boolean matchesName(String domain, String pattern) {
        if (domain.equals(pattern)) {
            return true;
        }
        if (!hostnames || pattern.length() >= domain.length()) {
            return false;
        }
        int suffix = domain.length() - pattern.length();
        if (parents == ParentDomainStyle.PARENT_MATCHES_SUBDOMAINS) {
            // Why: Postfix needs a label boundary before the parent; ".example.com" then never matches.
            return domain.charAt(suffix - 1) == '.' && domain.endsWith(pattern);
        }
        return parents == ParentDomainStyle.DOT_PARENT_MATCHES_SUBDOMAINS && pattern.charAt(0) == '.' && domain.endsWith(pattern);
    }

    /** Looks the domain up, then its parents (fixed-string tables only) as the style says. */
    private Match lookup(LookupTable table, String domain) {
        String key = domain;
        while (true) {
            LookupResult result = table.lookup(key);
            if (result instanceof LookupResult.Found) {
                return Outcome.MATCHED;
            }
            if (result instanceof LookupResult.Failed failed) {
                return new Failed(parameterName + ": " + table.spec() + ": table lookup problem: " + failed.reason());
            }
            if (!hostnames || parents == ParentDomainStyle.NONE || table.matchesWholeStringOnly()) {
                return Outcome.NOT_MATCHED;
            }
            int dot = key.indexOf('.', key.charAt(0) == '.' ? 1 : 0);
            if (dot < 0 || dot == key.length() - 1) {
                return Outcome.NOT_MATCHED;
            }
            key = parents == ParentDomainStyle.PARENT_MATCHES_SUBDOMAINS ? key.substring(dot + 1) : key.substring(dot);
        }
    }

    @Override
    public String toString() {
        return parameterName + " (" + elements.size() + " elements)";
    }
}
