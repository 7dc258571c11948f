package org.jamesfix.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Computes, once, every raw and expanded value of one configuration: explicit settings win over
 * catalog defaults; references to undefined names expand to "" with a warning (as Postfix
 * does: "undefined parameter: NAME"); a reference loop is a {@link ConfigException} naming the
 * loop and located at the value that closes it. Single-threaded, used only while building
 * {@link Parameters}.
 */
final class Evaluator implements Expander.Resolver, DefaultValue.Context {
    private final ParameterDefinitions catalog;
    private final HostFacts facts;
    private final Map<String, Definition> explicit;
    private final Map<String, String> raw = new HashMap<>();
    private final Map<String, String> expanded = new HashMap<>();
    private final LinkedHashSet<String> inProgress = new LinkedHashSet<>();
    private final LinkedHashSet<String> warnings = new LinkedHashSet<>();

    Evaluator(ParameterDefinitions catalog, HostFacts facts, Map<String, Definition> explicit) {
        this.catalog = catalog;
        this.facts = facts;
        this.explicit = explicit;
    }

    /** Evaluates every explicit setting (file order), then every catalog default. */
    void evaluateAll() {
        for (String name : explicit.keySet()) {
            expandedValue(name);
        }
        for (ParameterDefinition definition : catalog.all()) {
            expandedValue(definition.name());
        }
    }

    Map<String, String> rawValues() {
        return raw;
    }

    Map<String, String> expandedValues() {
        return expanded;
    }

    List<String> warnings() {
        return new ArrayList<>(warnings);
    }

    Origin origin(String name) {
        Definition definition = explicit.get(name);
        return definition != null ? definition.origin() : Origin.DEFAULT;
    }

    /** The unexpanded value: the explicit setting, else the (possibly computed) default. */
    String rawValue(String name) {
        String value = raw.get(name);
        if (value == null) {
            Definition definition = explicit.get(name);
            value = definition != null
                ? definition.rawValue()
                : catalog.find(name).orElseThrow(() -> new IllegalArgumentException("unknown parameter: " + name))
                    .defaultValue().compute(this);
            raw.put(name, value);
        }
        return value;
    }

    /** The expanded value of a defined parameter. */
    String expandedValue(String name) {
        String value = expanded.get(name);
        if (value == null) {
            inProgress.add(name);
            try {
                value = Expander.expand(rawValue(name), origin(name), this);
            } finally {
                inProgress.remove(name);
            }
            expanded.put(name, value);
        }
        return value;
    }

    @Override
    public String expanded(String name, Origin referencedFrom) {
        if (!explicit.containsKey(name) && !catalog.isKnown(name)) {
            warnings.add(referencedFrom.warning("undefined parameter: " + name));
            return "";
        }
        if (inProgress.contains(name)) {
            throw referencedFrom.error("parameter expansion loop: " + loop(name));
        }
        return expandedValue(name);
    }

    /** "a -> b -> a" for a loop that returns to name. */
    private String loop(String name) {
        StringBuilder path = new StringBuilder();
        boolean inLoop = false;
        for (String step : inProgress) {
            inLoop |= step.equals(name);
            if (inLoop) {
                path.append(step).append(" -> ");
            }
        }
        return path.append(name).toString();
    }

    @Override
    public HostFacts facts() {
        return facts;
    }

    @Override
    public boolean isSet(String name) {
        return explicit.containsKey(name);
    }

    @Override
    public String expanded(String name) {
        return expanded(name, Origin.DEFAULT);
    }

    @Override
    public ConfigException error(String name, String problem) {
        return origin(name).error(problem);
    }
}
