package org.jamesfix.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;

import org.jamesfix.testing.InProcessJamesfix;
import org.jamesfix.testing.TestPorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Tables under a running James: main.cf names a texthash table (in mynetworks) and James's own
 * domain list (james:domains in mydestination); WebAdmin asks them as postmap -q would. A table
 * edit takes effect without restart; a broken edit is refused and the last good version stays.
 */
class TableReloadTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path workDir;
    private static InProcessJamesfix james;
    private static Path trustedClients;

    @BeforeAll
    static void start() throws Exception {
        james = InProcessJamesfix.start(workDir, conf -> {
            Files.writeString(conf.resolve("trusted-clients"), "127.0.0.9 OK\n", StandardCharsets.UTF_8);
            String mainCf = Files.readString(conf.resolve("main.cf"), StandardCharsets.UTF_8)
                .replace("mynetworks = 127.0.0.1/32 [::1]/128", "mynetworks = 127.0.0.1/32 [::1]/128 texthash:trusted-clients")
                .replace("mydestination = $mydomain, localhost", "mydestination = $mydomain, localhost, james:domains");
            Files.writeString(conf.resolve("main.cf"), mainCf, StandardCharsets.UTF_8);
        });
        trustedClients = workDir.resolve("conf/trusted-clients");
    }

    @AfterAll
    static void stopShouldEndTheReloaderThread() throws InterruptedException {
        james.close();

        Instant deadline = Instant.now().plusSeconds(5);
        while (reloaderThreadAlive() && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
        assertThat(reloaderThreadAlive()).as("jamesfix-table-reloader stopped with James").isFalse();
    }

    private static boolean reloaderThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
            .anyMatch(thread -> thread.getName().equals("jamesfix-table-reloader") && thread.isAlive());
    }

    @Test
    void jamesDomainsShouldAnswerFromJamesDomainList() throws Exception {
        assertThat(lookup("james:domains", "example.test").path("value").asText()).isEqualTo("example.test");
        assertThat(lookup("james:domains", "elsewhere.example").path("found").asBoolean()).isFalse();
    }

    @Test
    void tablesRouteShouldListTablesInUse() throws Exception {
        JsonNode tables = get("/jamesfix/tables");

        assertThat(tables.findValuesAsText("table")).containsExactly("james:domains", "james:rrt", "james:users",
            "texthash:trusted-clients");
    }

    @Test
    void editedTableShouldTakeEffectWithoutRestartAndBrokenEditShouldBeRefused() throws Exception {
        assertThat(lookup("texthash:trusted-clients", "127.0.0.9").path("value").asText()).isEqualTo("OK");

        replace(trustedClients, "127.0.0.9 OK\n127.0.0.10 OK\n");
        assertThat(awaitFound("127.0.0.10", Duration.ofSeconds(5))).as("reloaded within a second or so").isTrue();

        replace(trustedClients, "127.0.0.11 OK\nbroken-line\n");
        Thread.sleep(1500);
        assertThat(lookup("texthash:trusted-clients", "127.0.0.10").path("found").asBoolean()).as("last good version").isTrue();
        assertThat(lookup("texthash:trusted-clients", "127.0.0.11").path("found").asBoolean()).isFalse();
        JsonNode state = get("/jamesfix/tables").findParents("table").stream()
            .filter(table -> table.path("table").asText().equals("texthash:trusted-clients")).findFirst().orElseThrow();
        assertThat(state.path("failedReloads").asLong()).isEqualTo(1);
        assertThat(state.path("lastError").asText()).isEqualTo(trustedClients + ", line 2: expected format: key whitespace value");
    }

    private static boolean awaitFound(String key, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (lookup("texthash:trusted-clients", key).path("found").asBoolean()) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    private static JsonNode lookup(String table, String key) throws Exception {
        return get("/jamesfix/tables/lookup?table=" + URLEncoder.encode(table, StandardCharsets.UTF_8)
            + "&key=" + URLEncoder.encode(key, StandardCharsets.UTF_8));
    }

    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + james.port(TestPorts.WEBADMIN) + path)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private static void replace(Path file, String content) throws IOException {
        Path temp = Files.createTempFile(file.getParent(), "edit", ".tmp");
        Files.writeString(temp, content, StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
