package org.jamesfix.distribution.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import org.jamesfix.testing.PackagedJamesfix;
import org.jamesfix.testing.SmtpDialog;
import org.jamesfix.testing.SmtpSink;
import org.jamesfix.testing.TestPorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * WebAdmin's queue routes must lose nothing (James 3.8.1's memory queue emptied and stopped a
 * queue on a listing, see the launcher's MemoryMailQueues). Against the packaged server: the
 * remote MX (an SmtpSink on a reserved port) is down and retries wait an hour, 3 messages are
 * relayed from the trusted 127.0.0.1, the queues are listed, the MX comes up, a flush
 * ({@code PATCH ?delayed=true {"delayed":false}}) delivers all 3 exactly once, and a 4th relayed
 * message is delivered too.
 */
class MailQueueIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path installs;
    private static int sinkPort;
    private static PackagedJamesfix james;
    private static SmtpSink sink;

    @BeforeAll
    static void start() throws Exception {
        sinkPort = TestPorts.freePort();
        james = PackagedJamesfix.start(installs.resolve("queue"), conf -> {
            SmtpSink.routeRelayTo(conf, sinkPort);
            Path file = conf.resolve("mailetcontainer.xml");
            Files.writeString(file, Files.readString(file, StandardCharsets.UTF_8)
                .replace("<delayTime>1 second</delayTime>", "<delayTime>1 hour</delayTime>"), StandardCharsets.UTF_8);
        });
    }

    @AfterAll
    static void stop() throws Exception {
        james.close();
        if (sink != null) {
            sink.close();
        }
    }

    @Test
    void listingAndFlushShouldDeliverEveryQueuedMessageExactlyOnce() throws Exception {
        for (int i = 1; i <= 3; i++) {
            relay("queued " + i);
        }
        assertThat(awaitDelayed(3, Duration.ofSeconds(60))).as("3 delayed after a refused connection").isEqualTo(3);

        assertThat(mails("outgoing")).hasSize(3);
        assertThat(mails("spool")).isEmpty();
        assertThat(get("/mailQueues/outgoing").path("size").asInt()).as("a listing empties nothing").isEqualTo(3);

        sink = SmtpSink.start(sinkPort);
        HttpResponse<String> flush = HTTP.send(HttpRequest.newBuilder(webadmin("/mailQueues/outgoing/mails?delayed=true"))
            .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"delayed\":false}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(flush.statusCode()).isEqualTo(204);

        sink.await(3, Duration.ofSeconds(60));
        relay("after flush");
        sink.await(4, Duration.ofSeconds(60));
        Thread.sleep(2000);
        assertThat(subjects()).containsExactlyInAnyOrder("queued 1", "queued 2", "queued 3", "after flush");
        assertThat(get("/mailQueues/outgoing").path("size").asInt()).isZero();
    }

    private static void relay(String subject) throws Exception {
        try (SmtpDialog smtp = SmtpDialog.connect(james.port(TestPorts.SMTP), "127.0.0.1")) {
            smtp.send("EHLO trusted.example");
            assertThat(smtp.send("MAIL FROM:<alice@example.test>")).startsWith("250");
            assertThat(smtp.send("RCPT TO:<far@outside.example>")).startsWith("250");
            assertThat(smtp.send("DATA")).startsWith("354");
            assertThat(smtp.send("Subject: " + subject + "\r\n\r\nqueued text\r\n.")).startsWith("250");
        }
    }

    private static List<String> subjects() {
        return sink.messages().stream()
            .map(message -> message.data().lines().filter(line -> line.startsWith("Subject: ")).findFirst().orElse("")
                .substring("Subject: ".length()))
            .collect(Collectors.toList());
    }

    private static int awaitDelayed(int count, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        int delayed = 0;
        while (System.nanoTime() < deadline) {
            delayed = get("/mailQueues/outgoing/mails?delayed=true").size();
            if (delayed >= count) {
                return delayed;
            }
            Thread.sleep(500);
        }
        return delayed;
    }

    private static JsonNode mails(String queue) throws Exception {
        return get("/mailQueues/" + queue + "/mails");
    }

    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(webadmin(path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET " + path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static URI webadmin(String path) {
        return URI.create("http://127.0.0.1:" + james.port(TestPorts.WEBADMIN) + path);
    }
}
