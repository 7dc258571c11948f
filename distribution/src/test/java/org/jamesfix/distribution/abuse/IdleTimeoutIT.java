package org.jamesfix.distribution.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.jamesfix.testing.PackagedJamesfix;
import org.jamesfix.testing.SmtpDialog;
import org.jamesfix.testing.TestPorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An idle client gets Postfix's "421 4.4.2 HOST Error: timeout exceeded" (observed on Postfix
 * 3.7.11 as "421 4.4.2 mail.example.com Error: timeout exceeded") before the close, instead of
 * James's silent close. The shipped timeout is 300 s; this test shortens it to 2 s.
 */
class IdleTimeoutIT {
    @TempDir
    static Path install;
    private static PackagedJamesfix packaged;

    @BeforeAll
    static void start() throws Exception {
        packaged = PackagedJamesfix.start(install.resolve("james"), conf -> {
            Path smtpserver = conf.resolve("smtpserver.xml");
            Files.writeString(smtpserver, Files.readString(smtpserver)
                .replace("<connectiontimeout>300</connectiontimeout>", "<connectiontimeout>2</connectiontimeout>"));
        });
    }

    @AfterAll
    static void stop() throws InterruptedException {
        packaged.close();
    }

    @Test
    void idleClientShouldGetPostfixTimeoutReplyWhenItSendsNothing() throws Exception {
        try (SmtpDialog dialog = SmtpDialog.connect(packaged.ports().of(TestPorts.SMTP), "127.0.0.9")) {
            dialog.send("EHLO client.example");
            assertThat(dialog.nextReply()).isEqualTo("421 4.4.2 mail.example.test Error: timeout exceeded");
            assertThat(dialog.closedByServer()).isTrue();
        }
    }
}
