package dev.osprey.signaling.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.osprey.signaling.media.VideoAssignment;

import java.util.List;
import java.util.Map;

/** Writers for every server → client message, in the exact shapes Ant Media Server sends. */
public final class Messages {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Messages() {
    }

    public static String pong() {
        return write(command("pong"));
    }

    public static String iceServerConfig(String stunServerUri, String turnUsername, String turnCredential) {
        return write(command("iceServerConfig")
                .put("stunServerUri", stunServerUri)
                .put("turnServerUsername", turnUsername)
                .put("turnServerCredential", turnCredential));
    }

    /** Tells a publisher (or the first P2P peer) to create its offer. */
    public static String start(String streamId) {
        return write(command("start").put("streamId", streamId));
    }

    /** Tells a P2P peer to close its peer connection. */
    public static String stop(String streamId) {
        return write(command("stop").put("streamId", streamId));
    }

    public static String takeConfiguration(String streamId, String type, String sdp, Map<String, String> idMapping) {
        ObjectNode message = command("takeConfiguration")
                .put("streamId", streamId)
                .put("type", type)
                .put("sdp", sdp);
        if (idMapping != null) {
            ObjectNode mapping = message.putObject("idMapping");
            idMapping.forEach(mapping::put);
        }
        return write(message);
    }

    public static String takeCandidate(String streamId, int label, String mid, String candidate) {
        return write(command("takeCandidate")
                .put("streamId", streamId)
                .put("label", label)
                .put("id", mid)
                .put("candidate", candidate));
    }

    /** A client message forwarded to another client exactly as it arrived (P2P relay). */
    public static String relay(ObjectNode original) {
        return write(original);
    }

    public static String error(String definition) {
        return write(error0(definition));
    }

    public static String error(String definition, String streamId) {
        return write(error0(definition).put("streamId", streamId));
    }

    public static String error(String definition, String streamId, String information) {
        ObjectNode error = error0(definition).put("streamId", streamId);
        if (information != null) {
            error.put("information", information);
        }
        return write(error);
    }

    public static String errorWithInformation(String definition, String information) {
        return write(error0(definition).put("information", information));
    }

    /** {@code no_stream_exist} with the HTTP-like code Ant Media adds. */
    public static String noStreamExist(String streamId) {
        return write(error0(Definitions.NO_STREAM_EXIST).put("streamId", streamId).put("error_code", "404"));
    }

    public static String noActiveStreamsInRoom(String room) {
        return write(error0(Definitions.NO_ACTIVE_STREAMS_IN_ROOM).put("room", room));
    }

    public static String notification(String definition) {
        return write(command("notification").put("definition", definition));
    }

    public static String notification(String definition, String streamId) {
        return write(command("notification").put("definition", definition).put("streamId", streamId));
    }

    public static String joinedTheRoom(String streamId, String room, List<RoomStream> streams, int maxTrackCount) {
        ObjectNode message = command("notification")
                .put("definition", Definitions.JOINED_THE_ROOM)
                .put("streamId", streamId)
                .put("room", room)
                .put("ATTR_ROOM_NAME", room);
        putStreams(message, streams);
        message.put("maxTrackCount", maxTrackCount);
        return write(message);
    }

    /** {@code subtrackAdded} / {@code subtrackRemoved}: a participant joined or left the room (main track). */
    public static String subtrack(String definition, String mainTrack, String trackId) {
        return write(command("notification")
                .put("definition", definition)
                .put("streamId", mainTrack)
                .put("trackId", trackId));
    }

    public static String leavedFromRoom(String room) {
        return write(command("notification")
                .put("definition", Definitions.LEAVED_FROM_ROOM)
                .put("room", room)
                .put("ATTR_ROOM_NAME", room));
    }

    public static String roomInformation(String room, List<RoomStream> streams) {
        ObjectNode message = command("roomInformation")
                .put("room", room)
                .put("ATTR_ROOM_NAME", room);
        putStreams(message, streams);
        return write(message);
    }

    /** {@code streamInformation}; {@code streamInfo} stays empty until a media engine reports resolutions. */
    public static String streamInformation(String streamId) {
        ObjectNode message = command("streamInformation").put("streamId", streamId);
        message.putArray("streamInfo");
        return write(message);
    }

    /** {@code streamInformation} with one {@code streamInfo} entry, in Ant Media's field names. */
    public static String streamInformation(String streamId, int width, int height, long videoBitrate,
                                           long audioBitrate, String videoCodec) {
        ObjectNode message = command("streamInformation").put("streamId", streamId);
        message.putArray("streamInfo").addObject()
                .put("streamWidth", width)
                .put("streamHeight", height)
                .put("videoBitrate", videoBitrate)
                .put("audioBitrate", audioBitrate)
                .put("videoCodec", videoCodec == null ? "" : videoCodec);
        return write(message);
    }

    /** {@code notification/bitrateMeasurement}, sent periodically to WebRTC viewers. */
    public static String bitrateMeasurement(String streamId, long targetBitrate, long videoBitrate, long audioBitrate) {
        return write(command("notification")
                .put("definition", Definitions.BITRATE_MEASUREMENT)
                .put("streamId", streamId)
                .put("targetBitrate", targetBitrate)
                .put("videoBitrate", videoBitrate)
                .put("audioBitrate", audioBitrate));
    }

    public static String trackList(String streamId, List<String> trackIds) {
        ObjectNode message = command("trackList").put("streamId", streamId);
        ArrayNode list = message.putArray("trackList");
        trackIds.forEach(list::add);
        return write(message);
    }

    /** {@code notification/broadcastObject}; {@code broadcast} is a JSON <em>string</em>, as the SDK expects. */
    public static String broadcastObject(BroadcastInfo broadcast) {
        return write(command("notification")
                .put("definition", Definitions.BROADCAST_OBJECT)
                .put("streamId", broadcast.streamId())
                .put("broadcast", broadcast(broadcast)));
    }

    /** {@code notification/subtrackList}: each element is a Broadcast JSON <em>string</em>. */
    public static String subtrackList(String streamId, List<BroadcastInfo> subtracks) {
        ObjectNode message = command("notification")
                .put("definition", Definitions.SUBTRACK_LIST)
                .put("streamId", streamId);
        ArrayNode list = message.putArray("subtrackList");
        subtracks.forEach(subtrack -> list.add(broadcast(subtrack)));
        return write(message);
    }

    public static String subtrackCount(String streamId, int count) {
        return write(command("notification")
                .put("definition", Definitions.SUBTRACK_COUNT)
                .put("streamId", streamId)
                .put("count", count));
    }

    /**
     * {@code notification/videoTrackAssignmentList}: the participants whose video a room play receives,
     * as the {@code payload} of Ant Media's {@code VIDEO_TRACK_ASSIGNMENT_LIST} data-channel event.
     */
    public static String videoTrackAssignmentList(String room, List<VideoAssignment> assignments) {
        ObjectNode message = command("notification")
                .put("definition", Definitions.VIDEO_TRACK_ASSIGNMENT_LIST)
                .put("streamId", room);
        ArrayNode payload = message.putArray("payload");
        for (VideoAssignment a : assignments) {
            payload.addObject()
                    .put("videoLabel", a.streamId())
                    .put("trackId", a.streamId())
                    .put("reserved", a.pinned());
        }
        return write(message);
    }

    /** The Ant Media {@code Broadcast} JSON object for one stream. */
    public static String broadcast(BroadcastInfo info) {
        ObjectNode broadcast = MAPPER.createObjectNode()
                .put("streamId", info.streamId())
                .put("status", info.status())
                .put("type", "liveStream")
                .put("publishType", "WebRTC")
                .put("name", info.name())
                .put("publish", true)
                .put("date", info.date())
                .put("startTime", info.startTime())
                .put("metaData", info.metaData())
                .put("role", info.role())
                .put("mainTrackStreamId", info.mainTrackStreamId());
        ArrayNode subtracks = broadcast.putArray("subTrackStreamIds");
        info.subTrackStreamIds().forEach(subtracks::add);
        broadcast.put("webRTCViewerCount", info.webRTCViewerCount())
                .put("hlsViewerCount", 0)
                .put("rtmpViewerCount", 0);
        return write(broadcast);
    }

    private static void putStreams(ObjectNode message, List<RoomStream> streams) {
        ArrayNode ids = message.putArray("streams");
        ArrayNode list = message.putArray("streamList");
        for (RoomStream stream : streams) {
            ids.add(stream.streamId());
            list.addObject()
                    .put("streamId", stream.streamId())
                    .put("streamName", stream.streamName())
                    .put("metaData", stream.metaData());
        }
    }

    private static ObjectNode command(String command) {
        return MAPPER.createObjectNode().put("command", command);
    }

    private static ObjectNode error0(String definition) {
        return command("error").put("definition", definition);
    }

    private static String write(ObjectNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            // A tree of plain strings and numbers always serialises.
            throw new IllegalStateException("cannot serialise a JSON tree", e);
        }
    }
}
