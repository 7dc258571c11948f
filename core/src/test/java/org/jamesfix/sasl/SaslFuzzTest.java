package org.jamesfix.sasl;

import static org.jamesfix.ShortFuzzRun.LONG_RUN;
import static org.jamesfix.ShortFuzzRun.text;

import java.util.Arrays;
import java.util.Base64;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.jamesfix.ShortFuzzRun;
import org.jamesfix.config.HostFacts;
import org.jamesfix.config.MainCf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz targets for SASL: the base64 decoder (never throws; what it accepts decodes as any base64
 * decoder would) and whole AUTH dialogues, one client line per input line (never throw). See
 * AddressFuzzTest for how the targets run.
 */
class SaslFuzzTest {
    private static final SmtpdSasl SASL = SmtpdSasl.from(MainCf.parse("smtpd_sasl_auth_enable = yes\n", "main.cf",
        HostFacts.of("mail.example.com", "192.0.2.1/24")));
    private static final SmtpdSasl.Session SESSION = new SmtpdSasl.Session(true, true, false, false);

    @FuzzTest(maxExecutions = LONG_RUN)
    @Timeout(10)
    @DictionaryEntries({"=", "==", "+", "/", "AAAA", "YQ==", "YWI=", "AGFsaWNlAHNlY3JldA==", " ", "*"})
    void base64(byte[] input) {
        String text = text(input);
        SaslBase64.Decoded decoded = SaslBase64.decode(text);
        if (decoded.ok() && !Arrays.equals(decoded.bytes(), Base64.getDecoder().decode(text))) {
            throw new AssertionError("decodes differently from java.util.Base64: " + text);
        }
    }

    @FuzzTest(maxExecutions = LONG_RUN)
    @Timeout(10)
    @DictionaryEntries({"PLAIN", "LOGIN", "CRAM-MD5", " ", "*", "=", "AGFsaWNlAHNlY3JldA==", "YWxpY2U=", "c2VjcmV0",
        "AA==", "AAA=", "\t"})
    void dialogue(byte[] input) {
        String[] lines = text(input).split("\n", -1);
        SaslStep step = SASL.auth(SESSION, lines[0]);
        for (int i = 1; i < lines.length && step instanceof SaslStep.Challenge challenge; i++) {
            step = challenge.next().respond(lines[i]);
        }
    }

    @Test
    void base64ShouldNeverThrowOnMutatedInput() {
        ShortFuzzRun.run(getClass(), "base64", this::base64);
    }

    @Test
    void dialogueShouldNeverThrowOnMutatedInput() {
        ShortFuzzRun.run(getClass(), "dialogue", this::dialogue);
    }
}
