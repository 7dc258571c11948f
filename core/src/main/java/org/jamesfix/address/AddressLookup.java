package org.jamesfix.address;

import static org.jamesfix.address.EmailAddress.fold;
import static org.jamesfix.address.EmailAddress.quoteLocalPart;

import java.util.List;

import org.jamesfix.table.LookupResult;
import org.jamesfix.table.LookupTable;
import org.jamesfix.table.TableList;

/**
 * Searches a list of tables for an address the way Postfix's global/mail_addr_find.c does (and
 * smtpd_check.c for access maps): derive keys from the address in {@link KeyForm} order, as the
 * feature's {@link KeyStrategy} selects them, and send EACH KEY TO EVERY TABLE of the list before
 * deriving the next key ("Each query pattern is sent to each specified lookup table before trying
 * the next query pattern", virtual(5) and canonical(5)). So a {@code user@domain} entry in the
 * second table beats an {@code @domain} entry in the first.
 *
 * Keys: fixed-string tables get keys in lower case (Postfix opens address maps with
 * DICT_FLAG_FOLD_FIX), with the local part in external (quoted) form when it needs quotes.
 * Tables that {@linkplain LookupTable#matchesWholeStringOnly() match whole strings only} (regexp,
 * pcre, cidr) are asked only the whole address, extension included ({@code user+ext@domain}),
 * folded only when the strategy says so; partial keys are never sent to them ("user@domain mail
 * addresses are not broken up", virtual(5) REGULAR EXPRESSION TABLES).
 *
 * Errors: the first table that fails stops the search with {@link AddressMatch.Failed}, as does a
 * local-domain test that fails. Cost: one lower-casing of the domain, then only the key strings
 * that are actually asked; no lists, no regular expressions. Immutable and thread-safe.
 */
public record AddressLookup(KeyStrategy strategy, RecipientDelimiter delimiter, LocalDomains localDomains) {
    private static final String LOCAL_DOMAIN_TEST = "local domain test";

    /** Searches {@code tables} for {@code address} with this feature's strategy. */
    public AddressMatch find(TableList tables, EmailAddress address) {
        return find(tables, address, strategy, delimiter, localDomains);
    }

    /** Searches {@code tables} for the keys {@code strategy} derives from {@code address}. */
    public static AddressMatch find(TableList tables, EmailAddress address, KeyStrategy strategy,
            RecipientDelimiter delimiter, LocalDomains localDomains) {
        List<LookupTable> list = tables.tables();
        if (address.isNull()) {
            String key = strategy.nullAddressKey();
            if (key.isEmpty()) {
                return AddressMatch.NotFound.INSTANCE;
            }
            return ask(list, fold(key), strategy.foldWholeStringKey() ? fold(key) : key, KeyForm.NULL_ADDRESS, "", false);
        }
        String local = address.localPart();
        String domain = fold(address.domainOrEmpty());
        boolean hasDomain = !domain.isEmpty();
        String fullLocal = fold(quoteLocalPart(local));
        AddressMatch match;

        if (strategy.uses(KeyForm.FULL)) {
            String key = hasDomain ? fullLocal + "@" + domain : fullLocal;
            String whole = strategy.foldWholeStringKey() || !hasWholeStringTable(list) ? key : address.toExternalForm();
            if (!((match = ask(list, key, whole, KeyForm.FULL, "", false)) instanceof AddressMatch.NotFound)) {
                return match;
            }
        }
        // The stripped forms are built only once the full key has missed.
        int extensionStart = strategy.uses(KeyForm.NO_EXTENSION) ? delimiter.extensionStart(local) : -1;
        boolean hasExtension = extensionStart > 0;
        String extension = hasExtension ? local.substring(extensionStart) : "";
        String baseLocal = hasExtension ? fold(quoteLocalPart(local.substring(0, extensionStart))) : "";
        if (hasExtension) {
            String key = hasDomain ? baseLocal + "@" + domain : baseLocal;
            if (!((match = askFixed(list, key, KeyForm.NO_EXTENSION, extension)) instanceof AddressMatch.NotFound)) {
                return match;
            }
        }
        if (!hasDomain) {
            // A bare user matches itself only (mail_addr_find: "An address in the form user matches itself").
            return strategy.uses(KeyForm.WILDCARD) ? askFixed(list, "*", KeyForm.WILDCARD, "") : AddressMatch.NotFound.INSTANCE;
        }
        if (strategy.uses(KeyForm.LOCALPART_IF_LOCAL) || strategy.uses(KeyForm.LOCALPART_AT_IF_LOCAL)) {
            LocalDomains.Answer locality = localDomains.test(domain);
            if (locality == LocalDomains.Answer.FAILED) {
                return new AddressMatch.Failed(domain, LOCAL_DOMAIN_TEST, "cannot determine whether " + domain + " is a local domain");
            }
            if (locality == LocalDomains.Answer.LOCAL) {
                if (strategy.uses(KeyForm.LOCALPART_IF_LOCAL)
                        && !((match = askLocalPart(list, fullLocal, baseLocal, "", KeyForm.LOCALPART_IF_LOCAL, extension)) instanceof AddressMatch.NotFound)) {
                    return match;
                }
                if (strategy.uses(KeyForm.LOCALPART_AT_IF_LOCAL)
                        && !((match = askLocalPart(list, fullLocal, baseLocal, "@", KeyForm.LOCALPART_AT_IF_LOCAL, extension)) instanceof AddressMatch.NotFound)) {
                    return match;
                }
            }
        }
        if (strategy.uses(KeyForm.AT_DOMAIN)
                && !((match = askFixed(list, "@" + domain, KeyForm.AT_DOMAIN, "")) instanceof AddressMatch.NotFound)) {
            return match;
        }
        if (strategy.uses(KeyForm.DOMAIN)
                && !((match = askDomains(list, domain, strategy.parents())) instanceof AddressMatch.NotFound)) {
            return match;
        }
        if (strategy.uses(KeyForm.LOCALPART_AT)
                && !((match = askLocalPart(list, fullLocal, baseLocal, "@", KeyForm.LOCALPART_AT, extension)) instanceof AddressMatch.NotFound)) {
            return match;
        }
        if (strategy.uses(KeyForm.WILDCARD)) {
            return askFixed(list, "*", KeyForm.WILDCARD, "");
        }
        return AddressMatch.NotFound.INSTANCE;
    }

    /** True when some table sees whole strings only (then it may need the unfolded address). */
    private static boolean hasWholeStringTable(List<LookupTable> tables) {
        for (int i = 0; i < tables.size(); i++) {
            if (tables.get(i).matchesWholeStringOnly()) {
                return true;
            }
        }
        return false;
    }

    /** Asks {@code user+ext<suffix>}, then {@code user<suffix>} when there is an extension. */
    private static AddressMatch askLocalPart(List<LookupTable> tables, String fullLocal, String baseLocal, String suffix,
            KeyForm form, String extension) {
        AddressMatch match = askFixed(tables, fullLocal + suffix, form, "");
        if (!(match instanceof AddressMatch.NotFound) || extension.isEmpty()) {
            return match;
        }
        return askFixed(tables, baseLocal + suffix, form, extension);
    }

    /** Asks the domain, then its parent domains in the given style, until one answers. */
    private static AddressMatch askDomains(List<LookupTable> tables, String domain, ParentDomainStyle style) {
        AddressMatch match = askFixed(tables, domain, KeyForm.DOMAIN, "");
        int position = 0;
        while (match instanceof AddressMatch.NotFound && style != ParentDomainStyle.NONE) {
            // The next dot after the current name's first character (a leading dot is skipped).
            int dot = domain.indexOf('.', position + 1);
            position = style == ParentDomainStyle.PARENT_MATCHES_SUBDOMAINS ? dot + 1 : dot;
            if (dot < 0 || position >= domain.length()) {
                break;
            }
            match = askFixed(tables, domain.substring(position), KeyForm.DOMAIN, "");
        }
        return match;
    }

    /** Asks a partial key of the fixed-string tables only. */
    private static AddressMatch askFixed(List<LookupTable> tables, String key, KeyForm form, String extension) {
        return ask(tables, key, key, form, extension, true);
    }

    /** Asks one key of each table in order: the first found or failed answer wins. */
    private static AddressMatch ask(List<LookupTable> tables, String fixedKey, String wholeKey, KeyForm form,
            String extension, boolean partial) {
        for (int i = 0; i < tables.size(); i++) {
            LookupTable table = tables.get(i);
            String key;
            if (table.matchesWholeStringOnly()) {
                if (partial) {
                    continue;
                }
                key = wholeKey;
            } else {
                key = fixedKey;
            }
            LookupResult result = table.lookup(key);
            if (result instanceof LookupResult.Found found) {
                return new AddressMatch.Found(key, form, table, found.value(), extension);
            }
            if (result instanceof LookupResult.Failed failed) {
                return new AddressMatch.Failed(key, table.spec(), failed.reason());
            }
        }
        return AddressMatch.NotFound.INSTANCE;
    }
}
