package org.jamesfix.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The effective configuration: main.cf settings (and overrides) over Postfix's defaults, each
 * value expanded and converted to its catalog type once, when this object is built. Immutable
 * and thread-safe; reads of catalog parameters are a map lookup.
 *
 * Errors: building fails with a {@link ConfigException} (file, line, problem) on any expansion
 * error or any catalog parameter whose value does not convert to its type. Reading a name that
 * is neither known nor set is a programming error (IllegalArgumentException); use
 * {@link #find} for optional user-defined names. Warnings (overridden entries, undefined
 * references, unused parameters) are kept in {@link #warnings()}.
 */
public final class Parameters {
    private final ParameterDefinitions catalog;
    private final HostFacts facts;
    private final Map<String, Definition> explicit;
    private final Map<String, String> raw;
    private final Map<String, String> expanded;
    private final Map<String, Object> typed;
    private final Set<String> used;
    private final List<String> parserWarnings;
    private final List<String> warnings;

    private Parameters(ParameterDefinitions catalog, HostFacts facts, Map<String, Definition> explicit,
                       List<String> earlierWarnings) {
        Evaluator evaluator = new Evaluator(catalog, facts, explicit);
        evaluator.evaluateAll();
        this.catalog = catalog;
        this.facts = facts;
        this.explicit = Collections.unmodifiableMap(explicit);
        this.raw = Map.copyOf(evaluator.rawValues());
        this.expanded = Map.copyOf(evaluator.expandedValues());
        this.typed = convertAll(catalog, expanded, evaluator);
        this.used = usedNames(catalog, explicit, raw);
        this.parserWarnings = List.copyOf(earlierWarnings);
        List<String> all = new ArrayList<>(earlierWarnings);
        all.addAll(evaluator.warnings());
        explicit.values().stream()
            .filter(definition -> !used.contains(definition.name()))
            .forEach(definition -> all.add(definition.origin().warning(
                "unused parameter: " + definition.name() + "=" + definition.rawValue())));
        this.warnings = List.copyOf(all);
    }

    /** Postfix's defaults for this machine, nothing set. */
    public static Parameters defaults(HostFacts facts) {
        return new Parameters(ParameterDefinitions.postfix(), facts, new LinkedHashMap<>(), List.of());
    }

    /** Settings parsed from main.cf over the standard catalog. */
    public static Parameters of(MainCfParser.Result parsed, HostFacts facts) {
        return of(parsed, facts, ParameterDefinitions.postfix());
    }

    /** Settings parsed from main.cf over a given catalog. */
    public static Parameters of(MainCfParser.Result parsed, HostFacts facts, ParameterDefinitions catalog) {
        Map<String, Definition> explicit = new LinkedHashMap<>();
        for (Definition definition : parsed.definitions()) {
            explicit.put(definition.name(), definition);
        }
        return new Parameters(catalog, facts, explicit, parsed.warnings());
    }

    /** A copy where these settings win, as master.cf "-o name=value" does; errors name sourceName. */
    public Parameters withOverrides(Map<String, String> overrides, String sourceName) {
        Map<String, Definition> merged = new LinkedHashMap<>(explicit);
        Origin origin = Origin.of(sourceName);
        overrides.forEach((name, value) -> {
            merged.remove(name);
            merged.put(name, new Definition(name, value.strip(), origin));
        });
        return new Parameters(catalog, facts, merged, parserWarnings);
    }

    /** The expanded value. */
    public String get(String name) {
        String value = expanded.get(name);
        if (value == null) {
            throw unknown(name);
        }
        return value;
    }

    /** The expanded value, or empty when the name is neither known nor set. */
    public Optional<String> find(String name) {
        return Optional.ofNullable(expanded.get(name));
    }

    /** The value split as a Postfix list. */
    @SuppressWarnings("unchecked")
    public List<String> getList(String name) {
        return typed(name, List.class, ParameterType.LIST);
    }

    public boolean getBoolean(String name) {
        return typed(name, Boolean.class, ParameterType.BOOLEAN);
    }

    /** A time value; a value without unit uses the catalog's default unit (seconds if unknown). */
    public Duration getTime(String name) {
        return typed(name, Duration.class, ParameterType.TIME);
    }

    public long getSize(String name) {
        return typed(name, Long.class, ParameterType.SIZE);
    }

    public int getInt(String name) {
        return typed(name, Integer.class, ParameterType.INT);
    }

    /** True when main.cf or an override sets the name explicitly. */
    public boolean isSet(String name) {
        return explicit.containsKey(name);
    }

    /** The unexpanded value, as postconf prints it without -x. */
    public String rawValue(String name) {
        String value = raw.get(name);
        if (value == null) {
            throw unknown(name);
        }
        return value;
    }

    /** Where the value was set (file and line, override source), or {@link Origin#DEFAULT}. */
    public Origin origin(String name) {
        Definition definition = explicit.get(name);
        if (definition != null) {
            return definition.origin();
        }
        if (catalog.isKnown(name)) {
            return Origin.DEFAULT;
        }
        throw unknown(name);
    }

    /** A problem with a parameter's value, located where that value was set. */
    public ConfigException error(String name, String problem) {
        return origin(name).error(problem);
    }

    /** True for catalog names and for set names that some value refers to (postconf's rule). */
    public boolean isKnown(String name) {
        return used.contains(name);
    }

    /** Every known name, sorted (what "postconf" lists). */
    public SortedSet<String> names() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(used));
    }

    /** Known names set explicitly, sorted (what "postconf -n" lists). */
    public SortedSet<String> setNames() {
        TreeSet<String> names = new TreeSet<>(explicit.keySet());
        names.retainAll(used);
        return Collections.unmodifiableSortedSet(names);
    }

    /** Problems that did not stop loading, each "FILE, line N: problem". */
    public List<String> warnings() {
        return warnings;
    }

    public HostFacts hostFacts() {
        return facts;
    }

    public ParameterDefinitions definitions() {
        return catalog;
    }

    /** The cached typed value, or a conversion now when the name's catalog type differs. */
    private <T> T typed(String name, Class<T> type, ParameterType wanted) {
        Object value = typed.get(name);
        if (type.isInstance(value)) {
            return type.cast(value);
        }
        char unit = catalog.find(name).map(ParameterDefinition::timeUnit).orElse('s');
        return type.cast(convert(name, wanted, unit, get(name), origin(name)));
    }

    private static Map<String, Object> convertAll(ParameterDefinitions catalog, Map<String, String> expanded, Evaluator evaluator) {
        Map<String, Object> typed = new HashMap<>();
        for (ParameterDefinition definition : catalog.all()) {
            String name = definition.name();
            typed.put(name, convert(name, definition.type(), definition.timeUnit(), expanded.get(name), evaluator.origin(name)));
        }
        return Map.copyOf(typed);
    }

    /** Converts one expanded value to a type. */
    private static Object convert(String name, ParameterType type, char unit, String value, Origin origin) {
        return switch (type) {
            case STRING -> value;
            case LIST -> Values.toList(value, origin);
            case BOOLEAN -> Values.toBoolean(name, value, origin);
            case TIME -> Values.toTime(name, value, unit, origin);
            case SIZE -> Values.toSize(name, value, origin);
            case INT -> Values.toInt(name, value, origin);
        };
    }

    /** Catalog names plus set names referenced as $name, ${name...} or $(name...) by any value. */
    private static Set<String> usedNames(ParameterDefinitions catalog, Map<String, Definition> explicit, Map<String, String> raw) {
        Set<String> used = new HashSet<>();
        catalog.all().forEach(definition -> used.add(definition.name()));
        for (String value : raw.values()) {
            for (int i = value.indexOf('$'); i >= 0; i = value.indexOf('$', i + 1)) {
                int start = i + 1;
                if (start < value.length() && value.charAt(start) == '$') {
                    i = start;
                    continue;
                }
                if (start < value.length() && (value.charAt(start) == '{' || value.charAt(start) == '(')) {
                    start++;
                }
                int end = start;
                while (end < value.length() && Expander.isNameChar(value.charAt(end))) {
                    end++;
                }
                String name = value.substring(start, end);
                if (explicit.containsKey(name)) {
                    used.add(name);
                }
            }
        }
        return Set.copyOf(used);
    }

    private static IllegalArgumentException unknown(String name) {
        return new IllegalArgumentException("unknown parameter: " + name);
    }
}
