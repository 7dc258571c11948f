package org.jamesfix.config;

/**
 * The defaults Postfix computes (checked against Postfix 3.7 postconf): myhostname is the
 * hostname if it has a dot, else hostname + "." + $mydomain when mydomain is set, else
 * hostname + ".localdomain"; mydomain is $myhostname minus its first label, or "localdomain";
 * mynetworks follows $mynetworks_style (see {@link Mynetworks}).
 */
final class ComputedDefaults {
    private ComputedDefaults() {
    }

    static String myhostname(DefaultValue.Context context) {
        String hostname = context.facts().hostname();
        if (hostname.indexOf('.') >= 0) {
            return hostname;
        }
        String domain = context.isSet("mydomain") ? context.expanded("mydomain") : "localdomain";
        return hostname + "." + domain;
    }

    static String mydomain(DefaultValue.Context context) {
        String hostname = context.expanded("myhostname");
        int dot = hostname.indexOf('.');
        return dot >= 0 && dot < hostname.length() - 1 ? hostname.substring(dot + 1) : "localdomain";
    }

    static String mynetworks(DefaultValue.Context context) {
        String style = context.expanded("mynetworks_style").strip();
        try {
            return Mynetworks.compute(style, context.facts());
        } catch (IllegalArgumentException e) {
            throw context.error("mynetworks_style", e.getMessage());
        }
    }
}
