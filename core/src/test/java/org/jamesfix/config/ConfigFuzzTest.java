package org.jamesfix.config;

import static org.jamesfix.ShortFuzzRun.LONG_RUN;
import static org.jamesfix.ShortFuzzRun.text;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.jamesfix.ShortFuzzRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz targets for main.cf: the whole load (MainCfParser, expansion, type checks of every value)
 * and the expander alone. Only ConfigException may leave them. See AddressFuzzTest for how the
 * targets run.
 */
class ConfigFuzzTest {
    private static final HostFacts HOST = HostFacts.of("mail.example.com", "192.0.2.1/24");
    private static final Origin ORIGIN = new Origin("main.cf", 1);

    @FuzzTest(maxExecutions = LONG_RUN)
    @Timeout(10)
    @DictionaryEntries({" = ", "=", "$", "$$", "${", "}", "$(", ")", "?", ":", "{", "==", "!=", "<=",
        "level", "myhostname", "mydomain", "mydestination", "relay_domains", "mynetworks", "inet_interfaces",
        "message_size_limit", "smtpd_recipient_restrictions", "compatibility_level", "yes", "no", "10", "1s",
        "inline:{ {a=b} }", "cidr:", "[::1]/128", "127.0.0.0/8"})
    void mainCf(byte[] input) {
        try {
            MainCf.parse(text(input), "main.cf", HOST);
        } catch (ConfigException expected) {
            // the parser's own error
        }
    }

    @FuzzTest(maxExecutions = LONG_RUN)
    @Timeout(10)
    @DictionaryEntries({"$", "$$", "${", "}", "$(", ")", "?", ":", "{", "}", "{a}", "{b}", "==", "!=", "<", "<=", ">",
        ">=", "level", "3.6.1", "10", "name", "empty", "set"})
    void expander(byte[] input) {
        try {
            Expander.expand(text(input), ORIGIN, (name, from) -> name.equals("empty") ? "" : "v" + name.length());
        } catch (ConfigException expected) {
            // the expander's own error
        }
    }

    @Test
    void mainCfShouldOnlyThrowConfigExceptionOnMutatedInput() {
        ShortFuzzRun.run(getClass(), "mainCf", this::mainCf);
    }

    @Test
    void expanderShouldOnlyThrowConfigExceptionOnMutatedInput() {
        ShortFuzzRun.run(getClass(), "expander", this::expander);
    }
}
