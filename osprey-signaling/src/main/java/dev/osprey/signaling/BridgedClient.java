package dev.osprey.signaling;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osprey.signaling.media.MediaStart;
import dev.osprey.signaling.protocol.Command;
import dev.osprey.signaling.protocol.CommandParser;
import dev.osprey.signaling.protocol.Definitions;
import dev.osprey.signaling.protocol.MalformedCommandException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * A client that does not speak the WebSocket protocol (an encoder over RTMP or SRT, a WHIP publisher, a
 * WHEP player), bridged into the signalling as a session of its own: its publishes and plays go through
 * the very commands a WebSocket client's would ({@code publish}, {@code play}, {@code stop}), so the
 * access guard, stream limits, take-over rules, REST stop, viewer counts and lifecycle events apply to
 * it unchanged. What the protocol would send back is turned into {@link Events}.
 *
 * <p>Threading: every method may be called from any thread; the calls and the events run in order on
 * the {@code executor} given to {@link SignalingApplication#bridge} (a Netty channel's event loop, say),
 * which stands for the connection's thread.
 */
public final class BridgedClient {
    private static final Logger LOG = LoggerFactory.getLogger(BridgedClient.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** What the signalling tells a bridged client, on its executor. */
    public interface Events {
        /** A publish was granted ({@code start}): the media may start ({@link #startMedia}). */
        default void granted(String streamId) {
        }

        /** The server's SDP for a publish or play ({@code takeConfiguration}). */
        default void localDescription(String streamId, String type, String sdp) {
        }

        /** Media flows: {@code publish_started} or {@code play_started}. */
        default void started(String streamId) {
        }

        /** Refused, or failed, with Ant Media's error {@code definition} ({@code streamIdInUse}, ...). */
        void refused(String streamId, String definition);

        /** The publish or play ended: {@code publish_finished} or {@code play_finished}. */
        void finished(String streamId);
    }

    /** What a publish or play carries besides its stream id; null fields are left out. */
    public record Credentials(String token, String subscriberId, String subscriberCode) {
        public static final Credentials NONE = new Credentials(null, null, null);
    }

    private final Executor executor;
    private final Events events;
    private final ProtocolSession session;
    /** Plays waiting for their grant, with how each gets its media. */
    private final Map<String, MediaStart> playStarts = new ConcurrentHashMap<>();

    BridgedClient(SignalingApplication application, String publishType, String remoteAddress, Executor executor,
                  Events events) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.events = Objects.requireNonNull(events, "events");
        this.session = application.open(new Connection(remoteAddress), publishType, this);
    }

    /** Publishes {@code streamId} under the name {@code name} (null: the id). */
    public void publish(String streamId, String name, Credentials credentials) {
        ObjectNode command = command("publish", streamId, credentials);
        if (name != null) {
            command.put("streamName", name);
        }
        send(command);
    }

    /** Gives a granted publish its media leg; a refusal arrives as {@link Events#refused}. */
    public void startMedia(String streamId, MediaStart start) {
        executor.execute(() -> session.startBridgedMedia(streamId, start));
    }

    /** Plays {@code streamId}; once granted, {@code start} opens the viewer's leg. */
    public void play(String streamId, Credentials credentials, MediaStart start) {
        playStarts.put(streamId, start);
        send(command("play", streamId, credentials));
    }

    /** Reports what the encoder of this client's live publish of the id does that its viewers suffer from. */
    public void warn(String streamId, String warning) {
        executor.execute(() -> session.warnAboutPublish(streamId, warning));
    }

    /** Stops this client's publish or play of the id. */
    public void stop(String streamId) {
        ObjectNode command = MAPPER.createObjectNode().put("command", "stop").put("streamId", streamId);
        send(command);
    }

    /** The client is gone: everything it published or played ends. Idempotent. */
    public void close() {
        executor.execute(session::onClose);
    }

    /** How the play of {@code streamId} that was just granted gets its media; null when it has none. */
    MediaStart takePlayStart(String streamId) {
        return playStarts.remove(streamId);
    }

    private static ObjectNode command(String name, String streamId, Credentials credentials) {
        ObjectNode command = MAPPER.createObjectNode().put("command", name).put("streamId", streamId);
        putIfPresent(command, "token", credentials.token());
        putIfPresent(command, "subscriberId", credentials.subscriberId());
        putIfPresent(command, "subscriberCode", credentials.subscriberCode());
        return command;
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private void send(ObjectNode command) {
        String text = command.toString();
        executor.execute(() -> session.onText(text));
    }

    /** The protocol's messages to this client, read back into {@link Events}. */
    private void onMessage(String text) {
        Command message;
        try {
            message = CommandParser.parse(text);
        } catch (MalformedCommandException e) {
            LOG.warn("Unreadable message for a bridged client: {}", e.getMessage());
            return;
        }
        String streamId = message.text("streamId");
        String definition = message.text("definition");
        switch (message.name()) {
            case "start" -> events.granted(streamId);
            case "takeConfiguration" -> events.localDescription(streamId, message.text("type"), message.text("sdp"));
            case "error" -> {
                playStarts.remove(String.valueOf(streamId));
                events.refused(streamId, definition);
            }
            case "notification" -> {
                if (Definitions.PUBLISH_STARTED.equals(definition) || Definitions.PLAY_STARTED.equals(definition)) {
                    events.started(streamId);
                } else if (Definitions.PUBLISH_FINISHED.equals(definition)
                        || Definitions.PLAY_FINISHED.equals(definition)) {
                    events.finished(streamId);
                }
            }
            default -> {
                // candidates (in the SDP already), pongs, figures: nothing a bridged client needs
            }
        }
    }

    /** The session's side of the bridge: what it sends is read back on the executor. */
    private final class Connection implements ClientConnection {
        private final String remoteAddress;

        Connection(String remoteAddress) {
            this.remoteAddress = remoteAddress;
        }

        @Override
        public void send(String text) {
            executor.execute(() -> onMessage(text));
        }

        /** Only binary frames make a session close its connection, and a bridged client sends none. */
        @Override
        public void close(short code, String reason) {
        }

        @Override
        public void execute(Runnable task) {
            executor.execute(task);
        }

        @Override
        public String remoteAddress() {
            return remoteAddress;
        }
    }
}
