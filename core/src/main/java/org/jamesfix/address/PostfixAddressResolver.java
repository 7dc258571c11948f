package org.jamesfix.address;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

import org.jamesfix.address.AddressTokens.Token;
import org.jamesfix.config.ConfigException;
import org.jamesfix.config.Parameters;
import org.jamesfix.table.LookupTable;

/**
 * Postfix's address resolution as smtpd uses it for the relay decision: smtpd_resolve.c rewrites
 * the RCPT TO address in the "local" context (trivial-rewrite rewrite.c: source route stripped,
 * {@code site!user} and {@code user%site} promoted when the address has no '@', {@code @$myorigin}
 * appended to bare names, optional {@code .$mydomain}, trailing dot dropped), then resolve.c
 * strips every local domain ($mydestination, own IP literals) from the right, re-applying those
 * routing rules to what is left and cracking quoted local parts open, until a non-local domain
 * remains; the domain's class is then LOCAL, VIRTUAL_ALIAS, VIRTUAL_MAILBOX, RELAY or DEFAULT.
 * {@link AddressResolver.Resolved#routed()} reports routing operators ('@', '!', '%') left in
 * the final local part, which permit_auth_destination refuses unless allow_untrusted_routing.
 *
 * Parameters read: myorigin, myhostname, mydomain, mydestination, relay_domains (+
 * parent_domain_matches_subdomains), virtual_alias_domains, virtual_mailbox_domains,
 * inet_interfaces, proxy_interfaces, inet_protocols, allow_percent_hack, swap_bangpath,
 * resolve_dequoted_address, resolve_numeric_domain, resolve_null_domain, append_at_myorigin,
 * append_dot_mydomain, empty_address_recipient.
 *
 * Errors: input Postfix answers with 501 5.1.3 gives {@link AddressResolver.SyntaxError}; a
 * domain-list table that cannot answer gives {@link AddressResolver.Failed} (defer). Building
 * throws {@link ConfigException} for host names in inet_interfaces / proxy_interfaces (only
 * addresses, "all" and "loopback-only" are supported: we never ask DNS).
 * Limits: no SMTPUTF8 checks (non-ASCII domains are not refused); the returned address keeps the
 * client's case (smtpd folds its cached copy, the class does not depend on case).
 * Immutable and thread-safe.
 */
public final class PostfixAddressResolver implements AddressResolver {
    private final String myorigin;
    private final String myhostname;
    private final String mydomain;
    private final String emptyAddressRecipient;
    private final boolean percentHack;
    private final boolean swapBangpath;
    private final boolean resolveDequoted;
    private final boolean resolveNumericDomain;
    private final boolean resolveNullDomain;
    private final boolean appendAtMyorigin;
    private final boolean appendDotMydomain;
    private final DomainList mydestination;
    private final DomainList virtualAliasDomains;
    private final DomainList virtualMailboxDomains;
    private final DomainList relayDomains;
    private final Set<InetAddress> ownAddresses;

    private PostfixAddressResolver(Parameters parameters, Function<String, LookupTable> tables) {
        this.myorigin = parameters.get("myorigin");
        this.myhostname = parameters.get("myhostname");
        this.mydomain = parameters.get("mydomain");
        this.emptyAddressRecipient = parameters.get("empty_address_recipient");
        this.percentHack = parameters.getBoolean("allow_percent_hack");
        this.swapBangpath = parameters.getBoolean("swap_bangpath");
        this.resolveDequoted = parameters.getBoolean("resolve_dequoted_address");
        this.resolveNumericDomain = parameters.getBoolean("resolve_numeric_domain");
        this.resolveNullDomain = parameters.getBoolean("resolve_null_domain");
        this.appendAtMyorigin = parameters.getBoolean("append_at_myorigin");
        this.appendDotMydomain = parameters.getBoolean("append_dot_mydomain");
        this.mydestination = stringList(parameters, "mydestination", tables);
        this.virtualAliasDomains = stringList(parameters, "virtual_alias_domains", tables);
        this.virtualMailboxDomains = stringList(parameters, "virtual_mailbox_domains", tables);
        try {
            this.relayDomains = DomainList.hostnames("relay_domains", parameters.getList("relay_domains"), tables,
                ParentDomainStyle.forFeature("relay_domains", parameters.getList("parent_domain_matches_subdomains")));
        } catch (IllegalArgumentException e) {
            throw parameters.error("relay_domains", e.getMessage());
        }
        this.ownAddresses = ownAddresses(parameters);
    }

    /** A resolver over these parameters; {@code tables} opens the type:name elements of the domain lists. */
    public static PostfixAddressResolver of(Parameters parameters, Function<String, LookupTable> tables) {
        return new PostfixAddressResolver(parameters, tables);
    }

    private static DomainList stringList(Parameters parameters, String name, Function<String, LookupTable> tables) {
        try {
            return DomainList.strings(name, parameters.getList(name), tables);
        } catch (IllegalArgumentException e) {
            throw parameters.error(name, e.getMessage());
        }
    }

    /** The addresses of inet_interfaces and proxy_interfaces, filtered by inet_protocols. */
    private static Set<InetAddress> ownAddresses(Parameters parameters) {
        List<String> protocols = parameters.getList("inet_protocols");
        boolean all = protocols.contains("all");
        boolean ipv4 = all || protocols.contains("ipv4");
        boolean ipv6 = all || protocols.contains("ipv6");
        List<InetAddress> found = new ArrayList<>();
        for (String name : List.of("inet_interfaces", "proxy_interfaces")) {
            for (String element : parameters.getList(name)) {
                String lower = element.toLowerCase(Locale.ROOT);
                if (name.equals("inet_interfaces") && lower.equals("all")) {
                    parameters.hostFacts().addresses().forEach(host -> found.add(host.address()));
                } else if (name.equals("inet_interfaces") && lower.equals("loopback-only")) {
                    found.add(literal("127.0.0.1"));
                    found.add(literal("::1"));
                } else {
                    String bare = element.startsWith("[") && element.endsWith("]") ? element.substring(1, element.length() - 1) : element;
                    if (!isIpv4(bare) && !isIpv6(bare)) {
                        throw parameters.error(name, "host names are not supported, give interface addresses: " + element);
                    }
                    found.add(literal(bare));
                }
            }
        }
        return found.stream()
            .filter(address -> address.getAddress().length == 4 ? ipv4 : ipv6)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    @Override
    public Resolution resolve(String address) {
        EmailAddress parsed;
        try {
            parsed = EmailAddress.parse(address);
        } catch (AddressSyntaxException e) {
            return new SyntaxError(e.getMessage());
        }
        if (parsed.isNull()) {
            return new SyntaxError("null recipient address");
        }
        String internal = parsed.hasDomain() ? parsed.localPart() + "@" + parsed.domainOrEmpty() : parsed.localPart();
        List<Token> tree = AddressTokens.scan(AddressTokens.quoteLocal(internal));
        if (tree.isEmpty()) {
            return new SyntaxError("empty address");
        }
        rewriteTree(tree);
        // smtpd passes the rewritten address in internal form; resolve.c quotes it again.
        return resolveInternal(AddressTokens.internalize(tree));
    }

    /** resolve.c's loop and classification over one internal-form address. */
    private Resolution resolveInternal(String internal) {
        List<Token> tree = AddressTokens.scan(AddressTokens.quoteLocal(internal));
        List<Token> savedDomain = null;
        int domain = -1;
        int loopMax = internal.length() + 100;
        for (int loop = 0; ; loop++) {
            if (loop > loopMax) {
                return new Failed("resolve: <" + internal + ">: giving up after " + loop + " iterations");
            }
            stripTrailingDot(tree, true);
            if (resolveNullDomain && !tree.isEmpty() && last(tree).type() == '@') {
                tree.remove(tree.size() - 1);
            }
            domain = AddressTokens.rfind(tree, '@');
            if (domain >= 0) {
                if (domain + 1 < tree.size()) {
                    LocalDomains.Answer local = resolveLocal(AddressTokens.internalize(tree, domain + 1, tree.size()));
                    if (local == LocalDomains.Answer.FAILED) {
                        return new Failed("mydestination: table lookup problem");
                    }
                    if (local == LocalDomains.Answer.NOT_LOCAL) {
                        break;
                    }
                }
                savedDomain = new ArrayList<>(tree.subList(domain, tree.size()));
                tree.subList(domain, tree.size()).clear();
                domain = -1;
            }
            // After stripping a local domain, routing operators left over are resolved again.
            if (AddressTokens.rfind(tree, '@') >= 0 || (swapBangpath && AddressTokens.rfind(tree, '!') >= 0)
                    || (percentHack && AddressTokens.rfind(tree, '%') >= 0)) {
                rewriteTree(tree);
                continue;
            }
            if (resolveDequoted && tree.size() == 1 && tree.get(0).type() == AddressTokens.QSTRING && crackQuoted(tree)) {
                continue;
            }
            if (tree.size() == 1 && tree.get(0).type() == AddressTokens.QSTRING && tree.get(0).text().isEmpty()) {
                tree.clear();
            }
            if (tree.isEmpty()) {
                // An empty local part becomes empty_address_recipient, resolved again.
                tree.addAll(AddressTokens.scan(emptyAddressRecipient));
                continue;
            }
            if (savedDomain == null) {
                tree.add(Token.operator('@'));
                tree.addAll(AddressTokens.scan(myhostname));
                continue;
            }
            break;
        }
        if (domain < 0) {
            if (savedDomain != null) {
                tree.addAll(savedDomain);
            } else {
                tree.add(Token.operator('@'));
                tree.addAll(AddressTokens.scan(myhostname));
            }
        }
        String recipient = AddressTokens.internalize(tree);
        int at = recipient.lastIndexOf('@');
        String rcptDomain = recipient.substring(at + 1);
        boolean local = domain < 0;
        if (rcptDomain.startsWith("[")) {
            if (!isMailhostLiteral(rcptDomain)) {
                return new SyntaxError("bad address literal: " + rcptDomain);
            }
        } else if (!isHostname(rcptDomain)) {
            if (!resolveNumericDomain || !isIpv4(rcptDomain)) {
                return new SyntaxError(rcptDomain.isEmpty() ? "empty domain" : "bad domain: " + rcptDomain);
            }
            rcptDomain = "[" + rcptDomain + "]";
            LocalDomains.Answer answer = resolveLocal(rcptDomain);
            if (answer == LocalDomains.Answer.FAILED) {
                return new Failed("mydestination: table lookup problem");
            }
            local = answer == LocalDomains.Answer.LOCAL;
        }
        String localPart = recipient.substring(0, at);
        String finalRecipient = localPart + "@" + rcptDomain;
        // RESOLVE_FLAG_ROUTED: a routing operator before the final '@'.
        boolean routed = !finalRecipient.substring(indexOfAny(finalRecipient, "@!%") + 1).equals(rcptDomain);
        EmailAddress result;
        try {
            result = EmailAddress.of(localPart, rcptDomain);
        } catch (AddressSyntaxException e) {
            return new SyntaxError(e.getMessage());
        }
        if (local) {
            return new Resolved(result, AddressClass.LOCAL, routed);
        }
        return classify(rcptDomain, result, routed);
    }

    /** The class of a non-local domain, in resolve.c's order: alias, mailbox, relay, default. */
    private Resolution classify(String rcptDomain, EmailAddress result, boolean routed) {
        DomainList[] lists = {virtualAliasDomains, virtualMailboxDomains, relayDomains};
        AddressClass[] classes = {AddressClass.VIRTUAL_ALIAS, AddressClass.VIRTUAL_MAILBOX, AddressClass.RELAY};
        for (int i = 0; i < lists.length; i++) {
            DomainList.Match match = lists[i].match(rcptDomain);
            if (match instanceof DomainList.Failed failed) {
                return new Failed(failed.reason());
            }
            if (match == DomainList.Outcome.MATCHED) {
                return new Resolved(result, classes[i], routed);
            }
        }
        return new Resolved(result, AddressClass.DEFAULT, routed);
    }

    /**
     * Cracks a quoted local part open when it holds a routing operator (resolve_dequoted_address):
     * the last '@', else '%' (percent hack), else '!' (bang path). False when it holds none.
     */
    private boolean crackQuoted(List<Token> tree) {
        String local = tree.get(0).text();
        int oper = local.lastIndexOf('@');
        if (oper < 0 && percentHack) {
            oper = local.lastIndexOf('%');
        }
        if (oper < 0 && swapBangpath) {
            oper = local.lastIndexOf('!');
        }
        if (oper < 0) {
            return false;
        }
        String text = local;
        if (local.charAt(oper) != '!') {
            text = AddressTokens.quoteLocal(local.substring(0, oper) + "@" + local.substring(oper + 1));
        }
        tree.clear();
        tree.addAll(AddressTokens.scan(text));
        if (!tree.isEmpty()) {
            rewriteTree(tree);
        }
        return true;
    }

    /** rewrite.c's rewrite_tree in the "local" context (origin $myorigin, domain $mydomain). */
    private void rewriteTree(List<Token> tree) {
        if (tree.isEmpty()) {
            return;
        }
        if (tree.size() == 1 && tree.get(0).type() == AddressTokens.QSTRING && tree.get(0).text().isEmpty()) {
            return;
        }
        if (tree.size() == 1 && tree.get(0).type() == '@') {
            tree.set(0, new Token(AddressTokens.QSTRING, ""));
            return;
        }
        int colon = AddressTokens.find(tree, ':', 0);
        if (tree.get(0).type() == '@' && colon >= 0 && colon != tree.size() - 1) {
            tree.subList(0, colon + 1).clear();
        }
        int domain = AddressTokens.rfind(tree, '@');
        if (domain < 0) {
            int bang = swapBangpath ? AddressTokens.find(tree, '!', 0) : -1;
            int percent = percentHack ? AddressTokens.rfind(tree, '%') : -1;
            if (bang >= 0) {
                // site!user becomes user@site.
                List<Token> site = new ArrayList<>(tree.subList(0, bang));
                List<Token> user = new ArrayList<>(tree.subList(bang + 1, tree.size()));
                tree.clear();
                tree.addAll(user);
                tree.add(Token.operator('@'));
                tree.addAll(site);
            } else if (percent >= 0) {
                tree.set(percent, Token.operator('@'));
            } else if (appendAtMyorigin && !myorigin.isEmpty()) {
                tree.add(Token.operator('@'));
                tree.addAll(AddressTokens.scan(myorigin));
            }
        }
        domain = AddressTokens.rfind(tree, '@');
        if (appendDotMydomain && !mydomain.isEmpty() && domain >= 0 && domain != tree.size() - 1
                && AddressTokens.find(tree, AddressTokens.DOMLIT, domain) < 0 && AddressTokens.find(tree, '.', domain) < 0) {
            tree.add(Token.operator('.'));
            tree.addAll(AddressTokens.scan(mydomain));
        }
        stripTrailingDot(tree, false);
    }

    /** Drops a trailing '.' unless it follows '.' or '@' (resolve.c also wants an '@' somewhere). */
    private static void stripTrailingDot(List<Token> tree, boolean needAt) {
        int n = tree.size();
        if (n >= 2 && tree.get(n - 1).type() == '.' && tree.get(n - 2).type() != '.' && tree.get(n - 2).type() != '@'
                && (!needAt || AddressTokens.rfind(tree, '@') >= 0)) {
            tree.remove(n - 1);
        }
    }

    /** resolve_local(): $mydestination, or an address literal of inet_interfaces / proxy_interfaces. */
    private LocalDomains.Answer resolveLocal(String domain) {
        String name = domain;
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.isEmpty() || name.endsWith(".")) {
            return LocalDomains.Answer.NOT_LOCAL;
        }
        DomainList.Match match = mydestination.match(name);
        if (match == DomainList.Outcome.MATCHED) {
            return LocalDomains.Answer.LOCAL;
        }
        if (match instanceof DomainList.Failed) {
            return LocalDomains.Answer.FAILED;
        }
        if (name.length() > 2 && name.charAt(0) == '[' && name.charAt(name.length() - 1) == ']') {
            String bare = mailhostAddress(name.substring(1, name.length() - 1));
            // Why: Java turns IPv4-mapped IPv6 into IPv4; Postfix compares them as IPv6 (never own).
            if (!bare.isEmpty() && ownAddresses.contains(literal(bare))
                    && (bare.indexOf(':') < 0 || literal(bare) instanceof java.net.Inet6Address)) {
                return LocalDomains.Answer.LOCAL;
            }
        }
        return LocalDomains.Answer.NOT_LOCAL;
    }

    /** The address inside a literal ("IPv6:" prefix removed), or "" when it is not valid. */
    private static String mailhostAddress(String inside) {
        if (inside.regionMatches(true, 0, "IPv6:", 0, 5)) {
            String v6 = inside.substring(5);
            return isIpv6(v6) ? v6 : "";
        }
        return isIpv4(inside) ? inside : "";
    }

    private static boolean isMailhostLiteral(String literal) {
        return literal.length() > 2 && literal.endsWith("]") && !mailhostAddress(literal.substring(1, literal.length() - 1)).isEmpty();
    }

    /** valid_hostname(): labels of letters, digits, '-', '_', no empty label, not all-numeric. */
    static boolean isHostname(String name) {
        if (name.isEmpty() || name.length() > 255) {
            return false;
        }
        boolean nonNumeric = false;
        int label = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean last = i + 1 == name.length();
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') {
                nonNumeric = true;
                label++;
            } else if (c >= '0' && c <= '9') {
                label++;
            } else if (c == '.') {
                if (label == 0 || last) {
                    return false;
                }
                label = 0;
            } else if (c == '-') {
                nonNumeric = true;
                if (label == 0 || last || name.charAt(i + 1) == '.') {
                    return false;
                }
                label++;
            } else {
                return false;
            }
            if (label > 63) {
                return false;
            }
        }
        return nonNumeric;
    }

    /** A dotted-quad IPv4 address, each part 0..255. */
    static boolean isIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit) || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    /** An IPv6 address (hex groups, '::', optional trailing IPv4), checked without DNS. */
    static boolean isIpv6(String text) {
        if (text.indexOf(':') < 0 || !text.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
            return false;
        }
        try {
            return InetAddress.getByName("[" + text + "]") != null;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** An address literal as an InetAddress (callers have validated it; no DNS is asked). */
    private static InetAddress literal(String text) {
        try {
            return InetAddress.getByName(text.indexOf(':') >= 0 ? "[" + text + "]" : text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address literal: " + text, e);
        }
    }

    private static int indexOfAny(String text, String chars) {
        for (int i = 0; i < text.length(); i++) {
            if (chars.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return text.length();
    }

    private static Token last(List<Token> tree) {
        return tree.get(tree.size() - 1);
    }
}
