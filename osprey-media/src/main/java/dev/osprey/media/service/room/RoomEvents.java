package dev.osprey.media.service.room;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The JSON events the server writes on a room viewer's data channel, in the shape the Ant Media SDKs
 * parse ({@code {"streamId": room, "eventType": ..., "payload": ...}}), as UTF-8 text messages.
 */
final class RoomEvents {

    static final String TRACK_LIST_UPDATED = "TRACK_LIST_UPDATED";
    static final String VIDEO_TRACK_ASSIGNMENT_LIST = "VIDEO_TRACK_ASSIGNMENT_LIST";

    private RoomEvents() {
    }

    /** {@code TRACK_LIST_UPDATED}: the viewer's participants (stream ids), in room order. */
    static byte[] trackListUpdated(String room, List<String> participants) {
        StringBuilder json = start(room, TRACK_LIST_UPDATED);
        for (int i = 0; i < participants.size(); i++) {
            if (i > 0) {
                json.append(',');
            }
            string(json, participants.get(i));
        }
        return finish(json);
    }

    /** {@code VIDEO_TRACK_ASSIGNMENT_LIST}: the participants whose video the viewer gets, as {@code {videoLabel, trackId, reserved}}. */
    static byte[] videoTrackAssignmentList(String room, List<VideoTrackAssignment> assignments) {
        StringBuilder json = start(room, VIDEO_TRACK_ASSIGNMENT_LIST);
        for (int i = 0; i < assignments.size(); i++) {
            VideoTrackAssignment a = assignments.get(i);
            json.append(i > 0 ? ",{" : "{").append("\"videoLabel\":");
            string(json, a.participant());
            json.append(",\"trackId\":");
            string(json, a.participant());
            json.append(",\"reserved\":").append(a.pinned()).append('}');
        }
        return finish(json);
    }

    private static StringBuilder start(String room, String eventType) {
        StringBuilder json = new StringBuilder(128).append("{\"streamId\":");
        string(json, room);
        return json.append(",\"eventType\":\"").append(eventType).append("\",\"payload\":[");
    }

    private static byte[] finish(StringBuilder json) {
        return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A JSON string literal (RFC 8259 escaping). */
    private static void string(StringBuilder json, String value) {
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
