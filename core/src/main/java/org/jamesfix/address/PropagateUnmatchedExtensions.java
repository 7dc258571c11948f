package org.jamesfix.address;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Postfix's propagate_unmatched_extensions (default {@code canonical, virtual}): when an address
 * {@code user+ext@domain} matched only through a key without its extension ({@code user@domain},
 * {@code user}, {@code user@}), the extension is copied onto each result address, before its
 * last '@' ({@code alice+list@example.com} with {@code alice@example.com bob@example.org} gives
 * {@code bob+list@example.org}). As in Postfix (global/mail_addr_map.c, mail_addr_crunch.c), the
 * extension is added even when the result already has one, and a result {@code @otherdomain}
 * means "the original user in otherdomain" ({@link #expandAtDomain}).
 *
 * The two functions are what callers use; this record only says which features propagate.
 * Errors: an unknown feature name in {@link #parse} throws IllegalArgumentException with the name.
 */
public record PropagateUnmatchedExtensions(Set<Feature> features) {

    /** The features postconf(5) names for this parameter. */
    public enum Feature {
        CANONICAL, VIRTUAL, ALIAS, FORWARD, INCLUDE, GENERIC
    }

    /** Postfix's default: {@code canonical, virtual}. */
    public static final PropagateUnmatchedExtensions DEFAULT = new PropagateUnmatchedExtensions(EnumSet.of(Feature.CANONICAL, Feature.VIRTUAL));

    public PropagateUnmatchedExtensions {
        features = features.isEmpty() ? Collections.unmodifiableSet(EnumSet.noneOf(Feature.class))
                : Collections.unmodifiableSet(EnumSet.copyOf(features));
    }

    /** The parameter value as Postfix lists it: names separated by commas and/or white space. */
    public static PropagateUnmatchedExtensions parse(String value) {
        EnumSet<Feature> features = EnumSet.noneOf(Feature.class);
        for (String name : value.split("[,\\s]+")) {
            if (name.isEmpty()) {
                continue;
            }
            try {
                features.add(Feature.valueOf(name.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown propagate_unmatched_extensions value \"" + name + "\" in \"" + value + "\"", e);
            }
        }
        return new PropagateUnmatchedExtensions(features);
    }

    public boolean appliesTo(Feature feature) {
        return features.contains(feature);
    }

    /** The result address for {@code feature}: with the unmatched extension when it propagates. */
    public EmailAddress apply(Feature feature, EmailAddress result, String unmatchedExtension) {
        return appliesTo(feature) ? propagate(result, unmatchedExtension) : result;
    }

    /** {@code result} with {@code extension} (delimiter included) appended to its local part. */
    public static EmailAddress propagate(EmailAddress result, String extension) {
        if (extension.isEmpty() || result.isNull()) {
            return result;
        }
        return result.withLocalPart(result.localPart() + extension);
    }

    /**
     * A table value {@code @otherdomain} becomes the original user (without the unmatched
     * extension, which {@link #propagate} may add back) in otherdomain, in external form; any
     * other value is returned as it is.
     */
    public static String expandAtDomain(String value, EmailAddress original, String unmatchedExtension) {
        if (value.isEmpty() || value.charAt(0) != '@') {
            return value;
        }
        String local = original.localPart();
        if (!unmatchedExtension.isEmpty() && local.endsWith(unmatchedExtension)) {
            local = local.substring(0, local.length() - unmatchedExtension.length());
        }
        return EmailAddress.quoteLocalPart(local) + value;
    }
}
