package org.jamesfix.guice;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;
import org.jamesfix.policy.Policy;
import org.jamesfix.table.LookupResult;
import org.jamesfix.table.ReloadableTable;

import com.fasterxml.jackson.databind.ObjectMapper;

import spark.Request;
import spark.Response;
import spark.Service;

/**
 * WebAdmin routes for the tables the policy uses (named in webadmin.properties
 * {@code extensions.routes}):
 * {@code GET /jamesfix/tables} lists them with their reload state, and
 * {@code GET /jamesfix/tables/lookup?table=SPEC&key=KEY} asks one of them, as
 * {@code postmap -q} would, inside the running server.
 */
public class TablesRoutes implements Routes {
    static final String BASE = "/jamesfix/tables";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Policy policy;

    @Inject
    public TablesRoutes(Policy policy) {
        this.policy = policy;
    }

    @Override
    public String getBasePath() {
        return BASE;
    }

    @Override
    public void define(Service service) {
        service.get(BASE, this::list);
        service.get(BASE + "/lookup", this::lookup);
    }

    private Object list(Request request, Response response) throws Exception {
        List<Map<String, Object>> tables = policy.tables().all().stream()
            .sorted(Comparator.comparing(ReloadableTable::spec))
            .map(TablesRoutes::describe)
            .collect(Collectors.toList());
        response.type("application/json");
        return JSON.writeValueAsString(tables);
    }

    private Object lookup(Request request, Response response) throws Exception {
        response.type("application/json");
        String spec = request.queryParams("table");
        String key = request.queryParams("key");
        if (spec == null || key == null) {
            response.status(400);
            return JSON.writeValueAsString(Map.of("error", "give table=type:name and key=..."));
        }
        Optional<ReloadableTable> table = policy.tables().find(spec);
        if (table.isEmpty()) {
            response.status(404);
            return JSON.writeValueAsString(Map.of("error", "the policy uses no table " + spec));
        }
        LookupResult result = table.get().lookup(key);
        if (result instanceof LookupResult.Found) {
            return JSON.writeValueAsString(Map.of("table", spec, "key", key, "found", true,
                "value", ((LookupResult.Found) result).value()));
        }
        if (result instanceof LookupResult.Failed) {
            response.status(503);
            return JSON.writeValueAsString(Map.of("table", spec, "key", key, "error", ((LookupResult.Failed) result).reason()));
        }
        return JSON.writeValueAsString(Map.of("table", spec, "key", key, "found", false));
    }

    private static Map<String, Object> describe(ReloadableTable table) {
        return Map.of(
            "table", table.spec(),
            "sources", table.sources().stream().map(Object::toString).collect(Collectors.toList()),
            "loadedAt", table.loadedAt().toString(),
            "reloads", table.reloadCount(),
            "failedReloads", table.failedReloadCount(),
            "lastError", table.lastError());
    }
}
