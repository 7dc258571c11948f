package org.jamesfix.config;

/**
 * A parameter's built-in default, as Postfix writes it (unexpanded, e.g. {@code $myhostname}).
 * Most are constants; a few are computed from the machine or other parameters, as
 * {@code postconf -d} shows them computed (myhostname, mydomain, mynetworks).
 */
@FunctionalInterface
public interface DefaultValue {
    /** What a computed default may look at while it is computed. */
    interface Context {
        /** Facts about this machine (hostname, interface addresses). */
        HostFacts facts();

        /** True when the parameter is set explicitly (main.cf or an override). */
        boolean isSet(String name);

        /** The expanded value of another parameter. */
        String expanded(String name);

        /** A problem with the value of another parameter, located where that value was set. */
        ConfigException error(String name, String problem);
    }

    /** The unexpanded default value. */
    String compute(Context context);

    /** A constant default. */
    static DefaultValue of(String value) {
        return context -> value;
    }
}
