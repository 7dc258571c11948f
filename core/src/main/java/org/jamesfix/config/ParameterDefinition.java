package org.jamesfix.config;

/**
 * One known parameter: its name, type, Postfix's default value and, for TIME parameters, the
 * unit used when a value has none (s, m, h, d or w).
 */
public record ParameterDefinition(String name, ParameterType type, DefaultValue defaultValue, char timeUnit) {

    public static ParameterDefinition string(String name, String defaultValue) {
        return new ParameterDefinition(name, ParameterType.STRING, DefaultValue.of(defaultValue), 's');
    }

    public static ParameterDefinition list(String name, String defaultValue) {
        return new ParameterDefinition(name, ParameterType.LIST, DefaultValue.of(defaultValue), 's');
    }

    public static ParameterDefinition bool(String name, String defaultValue) {
        return new ParameterDefinition(name, ParameterType.BOOLEAN, DefaultValue.of(defaultValue), 's');
    }

    public static ParameterDefinition time(String name, String defaultValue, char defaultUnit) {
        return new ParameterDefinition(name, ParameterType.TIME, DefaultValue.of(defaultValue), defaultUnit);
    }

    public static ParameterDefinition size(String name, String defaultValue) {
        return new ParameterDefinition(name, ParameterType.SIZE, DefaultValue.of(defaultValue), 's');
    }

    public static ParameterDefinition integer(String name, String defaultValue) {
        return new ParameterDefinition(name, ParameterType.INT, DefaultValue.of(defaultValue), 's');
    }

    /** A parameter whose default is computed (from the machine or other parameters). */
    public static ParameterDefinition computed(String name, ParameterType type, DefaultValue defaultValue) {
        return new ParameterDefinition(name, type, defaultValue, 's');
    }
}
