package org.jamesfix.config;

/** How a parameter's expanded value is read; each type follows Postfix's conversion rules. */
public enum ParameterType {
    /** Any text. */
    STRING,
    /** Elements separated by commas and/or whitespace; "{ ... }" protects one element. */
    LIST,
    /** "yes" or "no", any letter case. */
    BOOLEAN,
    /** A non-negative integer with an optional unit s, m, h, d or w (per-parameter default unit). */
    TIME,
    /** A byte count: a decimal long, no unit suffix. */
    SIZE,
    /** A decimal int, no unit suffix. */
    INT
}
