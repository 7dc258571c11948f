package org.jamesfix.config;

/** One {@code name = value} setting as written (unexpanded), with where it was written. */
public record Definition(String name, String rawValue, Origin origin) {
}
