package org.jamesfix.policy;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jamesfix.table.ReloadableTable;
import org.jamesfix.table.TableRegistry;

/**
 * The tables a policy uses, opened once per spec and shared by the policy and every per-port
 * variant of it, so that one file change reloads one table for all listeners.
 */
public final class PolicyTables {
    private final TableRegistry registry;
    private final Map<String, ReloadableTable> bySpec = new ConcurrentHashMap<>();

    public PolicyTables(TableRegistry registry) {
        this.registry = registry;
    }

    /** The table for a spec, opened on first use (errors propagate). */
    public ReloadableTable open(String spec) {
        return bySpec.computeIfAbsent(spec, key -> ReloadableTable.open(key, registry));
    }

    /** The table opened for a spec, if the policy uses it. */
    public Optional<ReloadableTable> find(String spec) {
        return Optional.ofNullable(bySpec.get(spec));
    }

    /** Every table opened so far. */
    public Collection<ReloadableTable> all() {
        return List.copyOf(bySpec.values());
    }

    public TableRegistry registry() {
        return registry;
    }
}
