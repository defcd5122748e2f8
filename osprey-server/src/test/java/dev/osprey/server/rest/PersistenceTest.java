package dev.osprey.server.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.osprey.signaling.AccessRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static dev.osprey.server.rest.BroadcastRestTest.assertResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Broadcasts and settings survive a restart; a stream left live by the previous run is finished. */
class PersistenceTest {

    @TempDir
    Path dir;

    @Test
    void broadcastsAndSettingsAreReadBackAfterARestart() {
        JsonNode created;
        try (RestTestServer first = new RestTestServer(dir)) {
            created = first.post("/LiveApp/rest/v2/broadcasts/create", "{\"streamId\":\"keep1\",\"name\":\"Kept\"}").json();
            first.post("/LiveApp/rest/v2/broadcasts/create", "{\"streamId\":\"live2\"}");
            assertThat(first.adminPost("/rest/v2/applications/settings/LiveApp", "{\"acceptOnlyStreamsInDataStore\":true}").status())
                    .isEqualTo(200);
            first.server.services().lifecycle("LiveApp").publishStarted("live2", "live2", null);
            await().until(() -> first.get("/LiveApp/rest/v2/broadcasts/live2").json().get("status").asText().equals("broadcasting"));
        }
        assertThat(Files.exists(dir.resolve("data/LiveApp.mv.db"))).isTrue();
        assertThat(Files.exists(dir.resolve("data/WebRTCAppEE.mv.db"))).isTrue();
        try (RestTestServer second = new RestTestServer(dir)) {
            assertThat(second.get("/LiveApp/rest/v2/broadcasts/keep1").json()).isEqualTo(created);
            assertThat(second.get("/LiveApp/rest/v2/broadcasts/live2").json().get("status").asText()).isEqualTo("finished");
            assertThat(second.adminGet("/rest/v2/applications/settings/LiveApp").json().get("acceptOnlyStreamsInDataStore").asBoolean())
                    .isTrue();
            // The publish check answers from the ids loaded at start.
            assertThat(publishRefusal(second, "keep1")).isNull();
            assertThat(publishRefusal(second, "unknown")).isEqualTo("not_allowed_unregistered_streams");
        }
    }

    private static String publishRefusal(RestTestServer server, String streamId) {
        var request = new AccessRequest(AccessRequest.Kind.PUBLISH, streamId, null, null, null, null, "127.0.0.1", null, null);
        return server.server.services().guard("LiveApp").check(request).toCompletableFuture().join().refusal();
    }

    @Test
    void consoleAndServerApiRefuseAddressesOutsideConsoleAllowedCidr() {
        try (RestTestServer server = new RestTestServer(dir, Map.of("console.allowedCIDR", "10.1.2.3"))) {
            assertResult(server.get("/"), 403, "Not allowed IP");
            assertResult(server.get("/rest/v2/server-stats"), 403, "Not allowed IP");
            assertResult(server.get("/rest/v2/applications/settings/LiveApp"), 403, "Not allowed IP");
            assertThat(server.get("/LiveApp/rest/v2/broadcasts/count").status()).isEqualTo(200);
        }
    }
}
