package org.jamesfix.policy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.jamesfix.config.ConfigException;
import org.jamesfix.config.HostFacts;
import org.jamesfix.config.MainCf;
import org.jamesfix.config.Parameters;
import org.jamesfix.net.NetworkList;

/**
 * The mail policy in force: one immutable snapshot built from main.cf. Every mailet, matcher and
 * SMTP hook reads it; nothing changes it after construction, so it is safe to share across threads.
 *
 * Errors: a malformed main.cf raises {@link ConfigException} naming file, line and problem.
 * A missing main.cf means Postfix's defaults (a warning is recorded, startup goes on).
 */
public final class Policy {
    private final Parameters parameters;
    private final NetworkList mynetworks;
    private final List<String> warnings;

    private Policy(Parameters parameters, List<String> warnings) throws ConfigException {
        this.parameters = parameters;
        this.mynetworks = networkList(parameters, "mynetworks");
        this.warnings = List.copyOf(warnings);
    }

    /** Reads main.cf, or Postfix's defaults when the file does not exist. */
    public static Policy load(Path mainCf) throws ConfigException {
        if (!Files.exists(mainCf)) {
            return new Policy(Parameters.defaults(HostFacts.local()),
                List.of(mainCf + ": not found, using Postfix's default values"));
        }
        Parameters parameters = MainCf.load(mainCf);
        return new Policy(parameters, parameters.warnings());
    }

    /** Wraps already parsed parameters (tests, tools). */
    public static Policy of(Parameters parameters) {
        return new Policy(parameters, parameters.warnings());
    }

    public Parameters parameters() {
        return parameters;
    }

    /** The trusted client networks (main.cf mynetworks). */
    public NetworkList mynetworks() {
        return mynetworks;
    }

    /** Problems worth logging that did not stop loading (unknown parameters, missing file). */
    public List<String> warnings() {
        return warnings;
    }

    /** This policy with some parameters replaced, as master.cf's "-o name=value" does per service. */
    public Policy withOverrides(Map<String, String> overrides, String source) throws ConfigException {
        if (overrides.isEmpty()) {
            return this;
        }
        return new Policy(parameters.withOverrides(overrides, source), warnings);
    }

    private static NetworkList networkList(Parameters parameters, String name) throws ConfigException {
        try {
            return NetworkList.parse(parameters.getList(name));
        } catch (IllegalArgumentException e) {
            throw parameters.error(name, e.getMessage());
        }
    }
}
