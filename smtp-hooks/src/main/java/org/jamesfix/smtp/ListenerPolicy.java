package org.jamesfix.smtp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.jamesfix.config.ConfigException;
import org.jamesfix.policy.Policy;

/**
 * The policy as one listener sees it: main.cf plus the handler's own
 * {@code <param name="...">value</param>} elements, the role of master.cf's "-o name=value".
 *
 * Errors: a param without a name, or a value main.cf would refuse, fails the listener's start
 * with the handler class and parameter named.
 */
final class ListenerPolicy {
    private ListenerPolicy() {
    }

    /** Applies the handler's param overrides to the shared policy. */
    static Policy of(Policy policy, Configuration handlerConfig, Class<?> handler) throws ConfigurationException {
        String source = "smtpserver.xml handler " + handler.getSimpleName();
        Map<String, String> overrides = overrides(handlerConfig, source);
        try {
            return policy.withOverrides(overrides, source);
        } catch (ConfigException e) {
            throw new ConfigurationException(e.getMessage(), e);
        }
    }

    private static Map<String, String> overrides(Configuration handlerConfig, String source) throws ConfigurationException {
        Map<String, String> overrides = new LinkedHashMap<>();
        if (!(handlerConfig instanceof HierarchicalConfiguration)) {
            return overrides;
        }
        @SuppressWarnings("unchecked")
        List<HierarchicalConfiguration<ImmutableNode>> params =
            ((HierarchicalConfiguration<ImmutableNode>) handlerConfig).configurationsAt("param");
        for (HierarchicalConfiguration<ImmutableNode> param : params) {
            String name = param.getString("[@name]", "").trim();
            if (name.isEmpty()) {
                throw new ConfigurationException(source + ": <param> needs a name attribute");
            }
            overrides.put(name, param.getString("", "").trim());
        }
        return overrides;
    }
}
