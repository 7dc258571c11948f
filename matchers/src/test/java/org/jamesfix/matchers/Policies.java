package org.jamesfix.matchers;

import java.nio.file.Path;

import org.jamesfix.config.HostFacts;
import org.jamesfix.config.MainCf;
import org.jamesfix.policy.Policy;
import org.jamesfix.table.LookupResult;
import org.jamesfix.table.LookupTable;
import org.jamesfix.table.TableRegistry;

/** Real policies from main.cf text for the matcher tests; the table type "failing:" always fails. */
final class Policies {
    private Policies() {
    }

    static Policy of(String mainCf, Path configDirectory) {
        TableRegistry registry = TableRegistry.standard(configDirectory).with("failing", (spec, name, r) -> LookupTable.of(spec, key -> LookupResult.failed("simulated outage")));
        return Policy.of(MainCf.parse(mainCf, "main.cf", HostFacts.of("mail.example.com", "127.0.0.1/8")), registry);
    }

    static Policy of(String mainCf) {
        return of(mainCf, Path.of("."));
    }
}
