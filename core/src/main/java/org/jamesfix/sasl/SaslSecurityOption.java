package org.jamesfix.sasl;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.jamesfix.config.Origin;

/**
 * The words of Postfix's smtpd_sasl_security_options and smtpd_sasl_tls_security_options (Cyrus
 * SASL's security properties). Each one removes the mechanisms that lack the property; Postfix
 * matches the words case-sensitively and refuses any other word.
 */
public enum SaslSecurityOption {
    NOPLAINTEXT("noplaintext"),
    NOACTIVE("noactive"),
    NODICTIONARY("nodictionary"),
    FORWARD_SECRECY("forward_secrecy"),
    NOANONYMOUS("noanonymous"),
    MUTUAL_AUTH("mutual_auth");

    private final String word;

    SaslSecurityOption(String word) {
        this.word = word;
    }

    /** The word as written in main.cf. */
    public String word() {
        return word;
    }

    /**
     * The options of one parameter, already split as a Postfix list.
     *
     * @throws org.jamesfix.config.ConfigException naming the parameter and the unknown word
     */
    public static Set<SaslSecurityOption> parse(String parameter, List<String> words, Origin origin) {
        Set<SaslSecurityOption> options = EnumSet.noneOf(SaslSecurityOption.class);
        for (String word : words) {
            options.add(of(word).orElseThrow(() -> origin.error(
                "unknown SASL security option \"" + word + "\" in " + parameter + " = " + String.join(", ", words))));
        }
        return options;
    }

    private static Optional<SaslSecurityOption> of(String word) {
        for (SaslSecurityOption option : values()) {
            if (option.word.equals(word)) {
                return Optional.of(option);
            }
        }
        return Optional.empty();
    }
}
