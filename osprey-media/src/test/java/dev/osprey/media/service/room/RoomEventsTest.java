package dev.osprey.media.service.room;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

class RoomEventsTest {

    private static String text(byte[] utf8) {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    @Test
    void eventsHaveTheShapeTheSdkParses() {
        assertThat(text(RoomEvents.trackListUpdated("room1", List.of("p1", "p2"))))
                .isEqualTo("{\"streamId\":\"room1\",\"eventType\":\"TRACK_LIST_UPDATED\",\"payload\":[\"p1\",\"p2\"]}");
        assertThat(text(RoomEvents.videoTrackAssignmentList("room1",
                List.of(new VideoTrackAssignment("p2", true), new VideoTrackAssignment("p1", false)))))
                .isEqualTo("{\"streamId\":\"room1\",\"eventType\":\"VIDEO_TRACK_ASSIGNMENT_LIST\",\"payload\":["
                        + "{\"videoLabel\":\"p2\",\"trackId\":\"p2\",\"reserved\":true},"
                        + "{\"videoLabel\":\"p1\",\"trackId\":\"p1\",\"reserved\":false}]}");
        assertThat(text(RoomEvents.videoTrackAssignmentList("r", List.of())))
                .isEqualTo("{\"streamId\":\"r\",\"eventType\":\"VIDEO_TRACK_ASSIGNMENT_LIST\",\"payload\":[]}");
    }

    @Test
    void idsAreEscapedAsJsonStrings() {
        assertThat(text(RoomEvents.trackListUpdated("a\"b\\c", List.of("x\ny", "é"))))
                .isEqualTo("{\"streamId\":\"a\\\"b\\\\c\",\"eventType\":\"TRACK_LIST_UPDATED\",\"payload\":[\"x\\u000ay\",\"é\"]}");
    }
}
