package dev.osprey.loadtest.signal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The Ant Media WebSocket messages a load-testing client sends and receives, written the way the
 * official JS SDK 2.16 writes them (field names and types), and read tolerantly: anything malformed
 * becomes {@link Incoming.Invalid}, never an exception.
 */
public final class AmsMessages {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A message from the server. */
    public sealed interface Incoming {
        record Start(String streamId) implements Incoming {
        }

        record Configuration(String streamId, String type, String sdp) implements Incoming {
        }

        record Candidate(String streamId, int label, String mid, String candidate) implements Incoming {
        }

        record Notification(String definition, String streamId) implements Incoming {
        }

        record Error(String definition, String streamId) implements Incoming {
        }

        record Pong() implements Incoming {
        }

        record Stop(String streamId) implements Incoming {
        }

        /** A well-formed message this client does not act on. */
        record Other(String command) implements Incoming {
        }

        /** Not JSON, not an object, or missing a field the command needs. */
        record Invalid(String reason) implements Incoming {
        }
    }

    private AmsMessages() {
    }

    public static String publish(String streamId, boolean video, boolean audio) {
        ObjectNode m = command("publish", streamId);
        m.put("subscriberId", "").put("subscriberCode", "").put("streamName", "").put("mainTrack", "")
                .put("metaData", "").put("role", "").put("video", video).put("audio", audio);
        return m.toString();
    }

    public static String play(String streamId) {
        ObjectNode m = command("play", streamId);
        m.put("room", "").putArray("trackList");
        m.put("subscriberId", "").put("subscriberCode", "").put("viewerInfo", "").put("role", "")
                .put("userPublishId", "");
        return m.toString();
    }

    public static String takeConfiguration(String streamId, String type, String sdp) {
        return command("takeConfiguration", streamId).put("type", type).put("sdp", sdp).toString();
    }

    public static String takeCandidate(String streamId, int label, String mid, String candidate) {
        return command("takeCandidate", streamId).put("label", label).put("id", mid).put("candidate", candidate)
                .toString();
    }

    public static String stop(String streamId) {
        return command("stop", streamId).toString();
    }

    public static String ping() {
        return JSON.createObjectNode().put("command", "ping").toString();
    }

    public static Incoming parse(String text) {
        JsonNode m;
        try {
            m = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return new Incoming.Invalid("not JSON");
        }
        if (m == null || !m.isObject() || !m.path("command").isTextual()) {
            return new Incoming.Invalid("not an object with a command");
        }
        String command = m.get("command").asText();
        String streamId = text(m, "streamId");
        return switch (command) {
            case "start" -> streamId == null ? new Incoming.Invalid("start without streamId")
                    : new Incoming.Start(streamId);
            case "takeConfiguration" -> {
                String type = text(m, "type");
                String sdp = text(m, "sdp");
                yield streamId == null || type == null || sdp == null
                        ? new Incoming.Invalid("takeConfiguration needs streamId, type and sdp")
                        : new Incoming.Configuration(streamId, type, sdp);
            }
            case "takeCandidate" -> {
                String candidate = text(m, "candidate");
                yield streamId == null || candidate == null || !m.path("label").canConvertToInt()
                        ? new Incoming.Invalid("takeCandidate needs streamId, label and candidate")
                        : new Incoming.Candidate(streamId, m.get("label").asInt(), text(m, "id"), candidate);
            }
            case "notification" -> text(m, "definition") == null
                    ? new Incoming.Invalid("notification without definition")
                    : new Incoming.Notification(text(m, "definition"), streamId);
            case "error" -> text(m, "definition") == null
                    ? new Incoming.Invalid("error without definition")
                    : new Incoming.Error(text(m, "definition"), streamId);
            case "pong" -> new Incoming.Pong();
            case "stop" -> streamId == null ? new Incoming.Invalid("stop without streamId")
                    : new Incoming.Stop(streamId);
            default -> new Incoming.Other(command);
        };
    }

    private static ObjectNode command(String command, String streamId) {
        return JSON.createObjectNode().put("command", command).put("streamId", streamId);
    }

    private static String text(JsonNode m, String field) {
        JsonNode v = m.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }
}
