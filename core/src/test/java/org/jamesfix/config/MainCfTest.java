package org.jamesfix.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading main.cf: a file that cannot be read stops loading with Postfix's words
 * ("fatal: open /etc/postfix/main.cf: Permission denied").
 */
class MainCfTest {

    @Test
    void openFailureShouldSayPermissionDeniedWhenAccessIsDenied() {
        assertThat(MainCf.openFailure(new AccessDeniedException("conf/main.cf"))).isEqualTo("Permission denied");
    }

    @Test
    void openFailureShouldSayNoSuchFileWhenMissing() {
        assertThat(MainCf.openFailure(new NoSuchFileException("conf/main.cf"))).isEqualTo("No such file or directory");
    }

    @Test
    void loadShouldNameFileAndReasonWhenMainCfIsADirectory(@TempDir Path conf) throws IOException {
        Path mainCf = Files.createDirectory(conf.resolve("main.cf"));

        assertThatThrownBy(() -> MainCf.load(mainCf))
            .isInstanceOf(ConfigException.class)
            .hasMessage("open " + mainCf + ": Is a directory");
    }
}
