package dev.osprey.loadtest.signal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.loadtest.signal.AmsMessages.Incoming;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AmsMessagesTest {

    @Test
    void outgoingMessagesAreWrittenAsTheJsSdkWritesThem() {
        assertThat(AmsMessages.publish("s1", true, true)).isEqualTo(
                "{\"command\":\"publish\",\"streamId\":\"s1\",\"subscriberId\":\"\",\"subscriberCode\":\"\","
                        + "\"streamName\":\"\",\"mainTrack\":\"\",\"metaData\":\"\",\"role\":\"\",\"video\":true,"
                        + "\"audio\":true}");
        assertThat(AmsMessages.play("s1")).isEqualTo(
                "{\"command\":\"play\",\"streamId\":\"s1\",\"room\":\"\",\"trackList\":[],\"subscriberId\":\"\","
                        + "\"subscriberCode\":\"\",\"viewerInfo\":\"\",\"role\":\"\",\"userPublishId\":\"\"}");
        assertThat(AmsMessages.takeConfiguration("s1", "offer", "v=0\r\n")).isEqualTo(
                "{\"command\":\"takeConfiguration\",\"streamId\":\"s1\",\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}");
        assertThat(AmsMessages.takeCandidate("s1", 0, "0", "candidate:1 1 udp 1 127.0.0.1 5000 typ host"))
                .isEqualTo("{\"command\":\"takeCandidate\",\"streamId\":\"s1\",\"label\":0,\"id\":\"0\","
                        + "\"candidate\":\"candidate:1 1 udp 1 127.0.0.1 5000 typ host\"}");
        assertThat(AmsMessages.stop("s1")).isEqualTo("{\"command\":\"stop\",\"streamId\":\"s1\"}");
        assertThat(AmsMessages.ping()).isEqualTo("{\"command\":\"ping\"}");
    }

    @Test
    void parsesTheServersMessages() {
        assertThat(AmsMessages.parse("{\"command\":\"start\",\"streamId\":\"s1\"}"))
                .isEqualTo(new Incoming.Start("s1"));
        assertThat(AmsMessages.parse("{\"command\":\"takeConfiguration\",\"streamId\":\"s1\",\"type\":\"offer\","
                + "\"sdp\":\"v=0\",\"idMapping\":{\"0\":\"ARDAMSvs1\"}}"))
                .isEqualTo(new Incoming.Configuration("s1", "offer", "v=0"));
        assertThat(AmsMessages.parse("{\"command\":\"takeCandidate\",\"streamId\":\"s1\",\"label\":1,\"id\":\"1\","
                + "\"candidate\":\"candidate:x\"}")).isEqualTo(new Incoming.Candidate("s1", 1, "1", "candidate:x"));
        assertThat(AmsMessages.parse("{\"command\":\"notification\",\"definition\":\"play_started\","
                + "\"streamId\":\"s1\"}")).isEqualTo(new Incoming.Notification("play_started", "s1"));
        assertThat(AmsMessages.parse("{\"command\":\"error\",\"definition\":\"no_stream_exist\",\"streamId\":\"s\"}"))
                .isEqualTo(new Incoming.Error("no_stream_exist", "s"));
        assertThat(AmsMessages.parse("{\"command\":\"error\",\"definition\":\"noStreamNameSpecified\"}"))
                .isEqualTo(new Incoming.Error("noStreamNameSpecified", null));
        assertThat(AmsMessages.parse("{\"command\":\"pong\"}")).isEqualTo(new Incoming.Pong());
        assertThat(AmsMessages.parse("{\"command\":\"stop\",\"streamId\":\"s1\"}")).isEqualTo(new Incoming.Stop("s1"));
        assertThat(AmsMessages.parse("{\"command\":\"iceServerConfig\",\"stunServerUri\":\"stun:x\"}"))
                .isEqualTo(new Incoming.Other("iceServerConfig"));
    }

    @Test
    void malformedMessagesBecomeInvalidNotExceptions() {
        assertThat(AmsMessages.parse("not json")).isEqualTo(new Incoming.Invalid("not JSON"));
        assertThat(AmsMessages.parse("[1,2]")).isEqualTo(new Incoming.Invalid("not an object with a command"));
        assertThat(AmsMessages.parse("{\"command\":5}")).isEqualTo(new Incoming.Invalid("not an object with a command"));
        assertThat(AmsMessages.parse("{\"command\":\"start\"}")).isEqualTo(new Incoming.Invalid("start without streamId"));
        assertThat(AmsMessages.parse("{\"command\":\"takeConfiguration\",\"streamId\":\"s\",\"type\":\"offer\"}"))
                .isEqualTo(new Incoming.Invalid("takeConfiguration needs streamId, type and sdp"));
        assertThat(AmsMessages.parse("{\"command\":\"takeCandidate\",\"streamId\":\"s\",\"label\":\"x\","
                + "\"candidate\":\"c\"}")).isEqualTo(new Incoming.Invalid("takeCandidate needs streamId, label and candidate"));
        assertThat(AmsMessages.parse("{\"command\":\"error\"}")).isEqualTo(new Incoming.Invalid("error without definition"));
        assertThat(AmsMessages.parse("")).isInstanceOf(Incoming.Invalid.class);
        Random random = new Random(3);
        String valid = AmsMessages.takeCandidate("s1", 0, "0", "candidate:1 1 udp 1 127.0.0.1 5000 typ host");
        for (int i = 0; i < 5000; i++) {
            char[] c = valid.toCharArray();
            for (int k = 0; k < 3; k++) {
                c[random.nextInt(c.length)] = (char) (32 + random.nextInt(95));
            }
            assertThat(AmsMessages.parse(new String(c, 0, random.nextInt(c.length + 1)))).isNotNull();
        }
    }
}
