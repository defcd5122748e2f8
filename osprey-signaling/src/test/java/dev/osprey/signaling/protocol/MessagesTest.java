package dev.osprey.signaling.protocol;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Exact text of the writers whose shape the SDK depends on. */
class MessagesTest {

    @Test
    void offerCarriesIdMappingAsAnObject() {
        assertThat(Messages.takeConfiguration("s", "offer", "v=0\r\n", Map.of("0", "ARDAMSvs")))
                .isEqualTo("{\"command\":\"takeConfiguration\",\"streamId\":\"s\",\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\","
                        + "\"idMapping\":{\"0\":\"ARDAMSvs\"}}");
    }

    @Test
    void answerHasNoIdMapping() {
        assertThat(Messages.takeConfiguration("s", "answer", "v=0", null))
                .isEqualTo("{\"command\":\"takeConfiguration\",\"streamId\":\"s\",\"type\":\"answer\",\"sdp\":\"v=0\"}");
    }

    @Test
    void candidateLabelIsANumber() {
        assertThat(Messages.takeCandidate("s", 1, "1", "candidate:x"))
                .isEqualTo("{\"command\":\"takeCandidate\",\"streamId\":\"s\",\"label\":1,\"id\":\"1\",\"candidate\":\"candidate:x\"}");
    }

    @Test
    void broadcastObjectIsAJsonString() {
        BroadcastInfo info = new BroadcastInfo("s", "broadcasting", "n", 5, 6, "m", "r", "room", List.of("a"), 2);
        assertThat(Messages.broadcastObject(info)).isEqualTo(
                "{\"command\":\"notification\",\"definition\":\"broadcastObject\",\"streamId\":\"s\",\"broadcast\":"
                        + "\"{\\\"streamId\\\":\\\"s\\\",\\\"status\\\":\\\"broadcasting\\\",\\\"type\\\":\\\"liveStream\\\","
                        + "\\\"publishType\\\":\\\"WebRTC\\\",\\\"name\\\":\\\"n\\\",\\\"publish\\\":true,\\\"date\\\":5,"
                        + "\\\"startTime\\\":6,\\\"metaData\\\":\\\"m\\\",\\\"role\\\":\\\"r\\\",\\\"mainTrackStreamId\\\":\\\"room\\\","
                        + "\\\"subTrackStreamIds\\\":[\\\"a\\\"],\\\"webRTCViewerCount\\\":2,\\\"hlsViewerCount\\\":0,"
                        + "\\\"rtmpViewerCount\\\":0}\"}");
    }

    @Test
    void joinedTheRoomShape() {
        assertThat(Messages.joinedTheRoom("me", "r", List.of(new RoomStream("a", "A", "")), 6)).isEqualTo(
                "{\"command\":\"notification\",\"definition\":\"joinedTheRoom\",\"streamId\":\"me\",\"room\":\"r\","
                        + "\"ATTR_ROOM_NAME\":\"r\",\"streams\":[\"a\"],"
                        + "\"streamList\":[{\"streamId\":\"a\",\"streamName\":\"A\",\"metaData\":\"\"}],\"maxTrackCount\":6}");
    }

    @Test
    void hostileTextIsEscaped() {
        assertThat(Messages.errorWithInformation("unknown_command", "\"}\n<"))
                .isEqualTo("{\"command\":\"error\",\"definition\":\"unknown_command\",\"information\":\"\\\"}\\n<\"}");
    }
}
