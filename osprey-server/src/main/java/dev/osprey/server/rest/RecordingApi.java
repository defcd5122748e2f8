package dev.osprey.server.rest;

import static io.vertx.core.http.HttpMethod.PUT;

import dev.osprey.record.Container;
import dev.osprey.server.recording.Recordings;
import dev.osprey.server.store.ApplicationData;
import dev.osprey.server.store.Broadcast;

import java.util.List;
import java.util.Locale;

/**
 * Ant Media's {@code PUT /broadcasts/{id}/recording/{true|false}?recordType=mp4|webm}: sets the
 * broadcast's {@code mp4Enabled} / {@code webMEnabled} to 1 or -1 and, when the stream is live, starts
 * or stops its recording now. A stream that is not live is recorded (or not) at its next publish.
 */
final class RecordingApi {
    private final ApplicationData data;
    private final Recordings recordings;

    RecordingApi(ApplicationData data, Recordings recordings) {
        this.data = data;
        this.recordings = recordings;
    }

    List<RestRoute> routes() {
        return List.of(new RestRoute(PUT, "/broadcasts/{id}/recording/{recording}",
                "Start (true) or stop (false) recording a stream to MP4 (recordType=mp4, the default) or WebM; "
                        + "a stream that is not live is recorded or not from its next publish",
                List.of("recordType"), false, List.of(400, 404), this::toggle));
    }

    private Object toggle(RestRequest req) {
        String id = req.streamId("id");
        boolean on = switch (req.path("recording")) {
            case "true" -> true;
            case "false" -> false;
            default -> throw RestException.badRequest("The recording state must be true or false");
        };
        Container container = container(req.query("recordType"));
        int value = on ? 1 : -1;
        boolean known = data.store().updateBroadcast(id, b -> {
            if (container == Container.MP4) {
                b.mp4Enabled = value;
            } else {
                b.webMEnabled = value;
            }
            return b;
        }).isPresent();
        Recordings.Outcome outcome = on ? recordings.start(id, container) : recordings.stop(id, container);
        return switch (outcome.status()) {
            case DONE -> Result.ok(null, id);
            case REFUSED -> new Result(false, outcome.message(), id, 0);
            case NOT_LIVE -> {
                if (!known) {
                    throw RestException.notFound("Broadcast not found");
                }
                yield new Result(true, "The stream is not live: " + (on ? "it will be recorded" : "it will not be recorded")
                        + " to " + container + " when it is published", id, 0);
            }
        };
    }

    private static Container container(String recordType) {
        if (recordType == null || recordType.isEmpty()) {
            return Container.MP4;
        }
        return switch (recordType.toLowerCase(Locale.ROOT)) {
            case "mp4" -> Container.MP4;
            case "webm" -> Container.WEBM;
            default -> throw RestException.badRequest("recordType must be mp4 or webm");
        };
    }
}
