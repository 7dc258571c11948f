package org.jamesfix.table.cidr;

import org.jamesfix.net.IpAddresses;
import org.jamesfix.table.LookupResult;

/**
 * One compiled line of a cidr table: a pattern with its result, an "if pattern" opening a block,
 * or the "endif" closing one. A pattern is a network (4 or 16 bytes, host bits zero) and a
 * prefix length, possibly negated with '!'. Immutable; matching allocates nothing.
 */
final class CidrRule {
    enum Kind { MATCH, IF, ENDIF }

    final Kind kind;
    final int line;
    private final byte[] network;
    private final int prefix;
    private final boolean negated;
    final LookupResult result;
    /** For IF: the index of its ENDIF, where a non-matching key resumes. */
    final int blockEnd;

    private CidrRule(Kind kind, int line, byte[] network, int prefix, boolean negated, LookupResult result, int blockEnd) {
        this.kind = kind;
        this.line = line;
        this.network = network;
        this.prefix = prefix;
        this.negated = negated;
        this.result = result;
        this.blockEnd = blockEnd;
    }

    static CidrRule match(int line, byte[] network, int prefix, boolean negated, String value) {
        return new CidrRule(Kind.MATCH, line, network, prefix, negated, LookupResult.found(value), -1);
    }

    static CidrRule ifBlock(int line, byte[] network, int prefix, boolean negated) {
        return new CidrRule(Kind.IF, line, network, prefix, negated, LookupResult.notFound(), -1);
    }

    static CidrRule endif(int line) {
        return new CidrRule(Kind.ENDIF, line, new byte[0], 0, false, LookupResult.notFound(), -1);
    }

    /** This IF with its ENDIF's index filled in. */
    CidrRule withBlockEnd(int index) {
        return new CidrRule(kind, line, network, prefix, negated, result, index);
    }

    /**
     * As Postfix's cidr_match_entry: a key of the other address family never matches, not even a
     * negated pattern; otherwise "inside the network" XOR negated.
     */
    boolean matches(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        return IpAddresses.inNetwork(address, network, prefix) != negated;
    }
}
