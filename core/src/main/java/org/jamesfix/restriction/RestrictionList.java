package org.jamesfix.restriction;

import java.util.List;

/**
 * A parsed restriction list (a main.cf parameter, a restriction class, or an access table value):
 * evaluated in order, the first result other than DUNNO ends it. A permit ends only this list.
 * Immutable.
 */
final class RestrictionList implements Restriction {
    static final RestrictionList EMPTY = new RestrictionList("", List.of());

    private final String name;
    private final List<Restriction> elements;

    RestrictionList(String name, List<Restriction> elements) {
        this.name = name;
        this.elements = List.copyOf(elements);
    }

    @Override
    public Status apply(Evaluation evaluation) {
        return evaluation.walk(elements);
    }

    @Override
    public String name() {
        return name;
    }

    boolean isEmpty() {
        return elements.isEmpty();
    }

    List<Restriction> elements() {
        return elements;
    }
}
