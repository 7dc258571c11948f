package org.jamesfix.net;

import java.util.Arrays;
import java.util.Optional;

/**
 * One network: address bytes and a prefix length, IPv4 or IPv6. Matching compares whole bytes, then
 * the remaining bits under a mask; no allocation per match.
 */
public final class CidrBlock {
    private final byte[] network;
    private final int prefix;
    private final String text;

    private CidrBlock(byte[] network, int prefix, String text) {
        this.network = network;
        this.prefix = prefix;
        this.text = text;
    }

    /**
     * Parses {@code address[/prefix]}; a missing prefix means the single host. Returns an error
     * message when the text is not a network, or when it has host bits set beyond the prefix
     * (Postfix refuses those: "perhaps you should use 10.0.0.0/8 instead").
     */
    public static Result parse(String text) {
        int slash = text.indexOf('/');
        String addressText = slash < 0 ? text : text.substring(0, slash);
        Optional<byte[]> address = IpAddresses.parse(addressText);
        if (address.isEmpty()) {
            return Result.error("bad address: \"" + addressText + "\"");
        }
        byte[] bytes = address.get();
        int maxPrefix = bytes.length * 8;
        int prefix = maxPrefix;
        if (slash >= 0) {
            String prefixText = text.substring(slash + 1);
            if (prefixText.isEmpty() || prefixText.length() > 3 || !prefixText.chars().allMatch(Character::isDigit)
                || Integer.parseInt(prefixText) > maxPrefix) {
                return Result.error("bad network prefix length: \"" + text + "\"");
            }
            prefix = Integer.parseInt(prefixText);
        }
        byte[] network = IpAddresses.masked(bytes, prefix);
        if (!Arrays.equals(network, bytes)) {
            return Result.error("non-null host address bits in \"" + text + "\", perhaps you should use \""
                + IpAddresses.format(network) + "/" + prefix + "\" instead");
        }
        return Result.ok(new CidrBlock(network, prefix, text));
    }

    /** True when the address (4 or 16 bytes) lies in this network; never across address families. */
    public boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        return IpAddresses.inNetwork(address, network, prefix);
    }

    public int prefixLength() {
        return prefix;
    }

    @Override
    public String toString() {
        return text;
    }

    /** A parsed block, or the reason the text is not one. */
    public record Result(Optional<CidrBlock> block, String error) {
        static Result ok(CidrBlock block) {
            return new Result(Optional.of(block), "");
        }

        static Result error(String error) {
            return new Result(Optional.empty(), error);
        }
    }
}
