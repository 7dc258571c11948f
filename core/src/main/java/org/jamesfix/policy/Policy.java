package org.jamesfix.policy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.jamesfix.address.PostfixAddressResolver;
import org.jamesfix.config.ConfigException;
import org.jamesfix.config.HostFacts;
import org.jamesfix.config.MainCf;
import org.jamesfix.config.Parameters;
import org.jamesfix.net.NetworkList;
import org.jamesfix.table.TableRegistry;

/**
 * The mail policy in force: main.cf's parameters plus the lookup tables they name. Every mailet,
 * matcher and SMTP hook reads it; its parameters never change after construction, and its tables
 * change only by atomic reload, so it is safe to share across threads.
 *
 * Errors: a malformed main.cf or table raises {@link ConfigException} naming file, line and
 * problem. A missing main.cf means Postfix's defaults (a warning is recorded, startup goes on).
 */
public final class Policy {
    /** Parameters whose list elements may be {@code type:name} tables. */
    private static final List<String> TABLE_LISTS = List.of("mynetworks", "mydestination", "relay_domains",
        "virtual_alias_domains", "virtual_mailbox_domains");

    private final Parameters parameters;
    private final PolicyTables tables;
    private final NetworkList mynetworks;
    private final PostfixAddressResolver addressResolver;
    private final List<String> warnings;

    private Policy(Parameters parameters, PolicyTables tables, List<String> warnings) {
        this.parameters = parameters;
        this.tables = tables;
        openTables(parameters, tables);
        this.mynetworks = networkList(parameters, tables, "mynetworks");
        this.addressResolver = PostfixAddressResolver.of(parameters, tables::open);
        this.warnings = List.copyOf(warnings);
    }

    /** Reads main.cf, or Postfix's defaults when the file does not exist; opens its tables. */
    public static Policy load(Path mainCf, TableRegistry registry) {
        if (!Files.exists(mainCf)) {
            return new Policy(Parameters.defaults(HostFacts.local()), new PolicyTables(registry),
                List.of(mainCf + ": not found, using Postfix's default values"));
        }
        Parameters parameters = MainCf.load(mainCf);
        return new Policy(parameters, new PolicyTables(registry), parameters.warnings());
    }

    /** A policy over already parsed parameters (tests, tools). */
    public static Policy of(Parameters parameters, TableRegistry registry) {
        return new Policy(parameters, new PolicyTables(registry), parameters.warnings());
    }

    public Parameters parameters() {
        return parameters;
    }

    /** The trusted client networks (main.cf mynetworks). */
    public NetworkList mynetworks() {
        return mynetworks;
    }

    /** Resolves RCPT TO addresses and classifies their domains (the relay decision's input). */
    public PostfixAddressResolver addressResolver() {
        return addressResolver;
    }

    /** The tables this policy (and its per-port variants) opened: reloaded by a poller. */
    public PolicyTables tables() {
        return tables;
    }

    /** Problems worth logging that did not stop loading (unknown parameters, missing file). */
    public List<String> warnings() {
        return warnings;
    }

    /** This policy with some parameters replaced, as master.cf's "-o name=value" does per service. */
    public Policy withOverrides(Map<String, String> overrides, String source) {
        if (overrides.isEmpty()) {
            return this;
        }
        return new Policy(parameters.withOverrides(overrides, source), tables, warnings);
    }

    // Opens every table a list parameter names, so a bad table stops startup, not the first mail.
    private static void openTables(Parameters parameters, PolicyTables tables) {
        for (String name : TABLE_LISTS) {
            for (String element : parameters.getList(name)) {
                String spec = element.startsWith("!") ? element.substring(1) : element;
                if (TableRegistry.isSpec(spec)) {
                    try {
                        tables.open(spec);
                    } catch (ConfigException e) {
                        if (e.getLine() > 0) {
                            throw e;
                        }
                        throw parameters.error(name, e.getProblem());
                    }
                }
            }
        }
    }

    private static NetworkList networkList(Parameters parameters, PolicyTables tables, String name) {
        try {
            return NetworkList.parse(parameters.getList(name), tables::open);
        } catch (IllegalArgumentException e) {
            throw parameters.error(name, e.getMessage());
        }
    }
}
