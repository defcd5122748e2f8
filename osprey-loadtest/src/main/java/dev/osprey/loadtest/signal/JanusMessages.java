package dev.osprey.loadtest.signal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The Janus WebSocket API (subprotocol {@code janus-protocol}) as a streaming-plugin viewer uses it:
 * create a session, attach {@code janus.plugin.streaming}, {@code watch} a mountpoint, answer its
 * offer with {@code start}, trickle, keep the session alive; plus {@code create} of an RTP mountpoint
 * (Janus 1.x multistream syntax) fed with plain RTP. Incoming messages are read tolerantly:
 * malformed ones become {@link Incoming.Invalid}.
 */
public final class JanusMessages {
    public static final String SUBPROTOCOL = "janus-protocol";
    public static final String STREAMING_PLUGIN = "janus.plugin.streaming";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A message from Janus. */
    public sealed interface Incoming {
        /** {@code success}: {@code id} is data.id (a new session or handle), or 0. */
        record Success(String transaction, long id, JsonNode pluginData) implements Incoming {
        }

        record Ack(String transaction) implements Incoming {
        }

        record Error(String transaction, int code, String reason) implements Incoming {
        }

        /**
         * A plugin {@code event}; {@code jsepType}/{@code jsepSdp} are null without a jsep;
         * {@code pluginError} is the plugin's own error text, or null.
         */
        record Event(String transaction, long sender, JsonNode pluginData, String jsepType, String jsepSdp,
                     String pluginError) implements Incoming {
        }

        /** A candidate from Janus ({@code completed} when it has no more). */
        record Trickle(long sender, String mid, int mLineIndex, String candidate, boolean completed)
                implements Incoming {
        }

        record WebRtcUp(long sender) implements Incoming {
        }

        record HangUp(long sender, String reason) implements Incoming {
        }

        /** Well-formed but not acted on ({@code media}, {@code slowlink}, {@code timeout}, ...). */
        record Other(String janus) implements Incoming {
        }

        record Invalid(String reason) implements Incoming {
        }
    }

    private JanusMessages() {
    }

    public static String create(String transaction) {
        return request("create", transaction).toString();
    }

    public static String attach(String transaction, long session) {
        return request("attach", transaction).put("session_id", session).put("plugin", STREAMING_PLUGIN).toString();
    }

    public static String watch(String transaction, long session, long handle, long mountpoint) {
        ObjectNode m = message(transaction, session, handle);
        m.putObject("body").put("request", "watch").put("id", mountpoint);
        return m.toString();
    }

    public static String start(String transaction, long session, long handle, String answerSdp) {
        ObjectNode m = message(transaction, session, handle);
        m.putObject("body").put("request", "start");
        m.putObject("jsep").put("type", "answer").put("sdp", answerSdp);
        return m.toString();
    }

    public static String trickle(String transaction, long session, long handle, String mid, int mLineIndex,
                                 String candidate) {
        ObjectNode m = handleRequest("trickle", transaction, session, handle);
        m.putObject("candidate").put("sdpMid", mid).put("sdpMLineIndex", mLineIndex).put("candidate", candidate);
        return m.toString();
    }

    public static String trickleCompleted(String transaction, long session, long handle) {
        ObjectNode m = handleRequest("trickle", transaction, session, handle);
        m.putObject("candidate").put("completed", true);
        return m.toString();
    }

    public static String keepalive(String transaction, long session) {
        return request("keepalive", transaction).put("session_id", session).toString();
    }

    public static String destroy(String transaction, long session) {
        return request("destroy", transaction).put("session_id", session).toString();
    }

    /**
     * {@code create} of an RTP mountpoint with one video and one audio stream (Janus 1.x {@code media}
     * array), not permanent, fed on the given ports.
     *
     * @param videoCodec {@code vp8} or {@code h264}
     */
    public static String createRtpMountpoint(String transaction, long session, long handle, long id,
                                             String description, String videoCodec, int videoPt, int videoPort,
                                             int audioPt, int audioPort) {
        ObjectNode m = message(transaction, session, handle);
        ObjectNode body = m.putObject("body");
        body.put("request", "create").put("type", "rtp").put("id", id).put("description", description)
                .put("permanent", false);
        ArrayNode media = body.putArray("media");
        ObjectNode video = media.addObject().put("type", "video").put("mid", "v").put("port", videoPort)
                .put("pt", videoPt).put("codec", videoCodec);
        if ("h264".equals(videoCodec)) {
            video.put("fmtp", "profile-level-id=42e01f;packetization-mode=1");
        }
        media.addObject().put("type", "audio").put("mid", "a").put("port", audioPort).put("pt", audioPt)
                .put("codec", "opus");
        return m.toString();
    }

    public static String destroyMountpoint(String transaction, long session, long handle, long id) {
        ObjectNode m = message(transaction, session, handle);
        m.putObject("body").put("request", "destroy").put("id", id);
        return m.toString();
    }

    public static Incoming parse(String text) {
        JsonNode m;
        try {
            m = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return new Incoming.Invalid("not JSON");
        }
        if (m == null || !m.isObject() || !m.path("janus").isTextual()) {
            return new Incoming.Invalid("not an object with a janus field");
        }
        String transaction = m.path("transaction").isTextual() ? m.get("transaction").asText() : null;
        long sender = m.path("sender").asLong(0);
        return switch (m.get("janus").asText()) {
            case "success" -> new Incoming.Success(transaction, m.path("data").path("id").asLong(0),
                    m.path("plugindata").path("data"));
            case "ack" -> new Incoming.Ack(transaction);
            case "error" -> new Incoming.Error(transaction, m.path("error").path("code").asInt(0),
                    m.path("error").path("reason").asText(""));
            case "event" -> {
                JsonNode data = m.path("plugindata").path("data");
                JsonNode jsep = m.get("jsep");
                String jsepType = jsep != null && jsep.path("type").isTextual() ? jsep.get("type").asText() : null;
                String jsepSdp = jsep != null && jsep.path("sdp").isTextual() ? jsep.get("sdp").asText() : null;
                if (jsep != null && (jsepType == null || jsepSdp == null)) {
                    yield new Incoming.Invalid("jsep without type or sdp");
                }
                String pluginError = data.path("error").isTextual() ? data.get("error").asText() : null;
                yield new Incoming.Event(transaction, sender, data, jsepType, jsepSdp, pluginError);
            }
            case "trickle" -> {
                JsonNode c = m.path("candidate");
                if (c.path("completed").asBoolean(false)) {
                    yield new Incoming.Trickle(sender, null, -1, null, true);
                }
                if (!c.path("candidate").isTextual()) {
                    yield new Incoming.Invalid("trickle without candidate");
                }
                yield new Incoming.Trickle(sender, c.path("sdpMid").asText(null), c.path("sdpMLineIndex").asInt(0),
                        c.get("candidate").asText(), false);
            }
            case "webrtcup" -> new Incoming.WebRtcUp(sender);
            case "hangup" -> new Incoming.HangUp(sender, m.path("reason").asText(""));
            default -> new Incoming.Other(m.get("janus").asText());
        };
    }

    private static ObjectNode request(String janus, String transaction) {
        return JSON.createObjectNode().put("janus", janus).put("transaction", transaction);
    }

    private static ObjectNode handleRequest(String janus, String transaction, long session, long handle) {
        return request(janus, transaction).put("session_id", session).put("handle_id", handle);
    }

    private static ObjectNode message(String transaction, long session, long handle) {
        return handleRequest("message", transaction, session, handle);
    }
}
