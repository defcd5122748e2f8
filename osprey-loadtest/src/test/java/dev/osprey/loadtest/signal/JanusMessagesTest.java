package dev.osprey.loadtest.signal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.loadtest.signal.JanusMessages.Incoming;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JanusMessagesTest {

    @Test
    void outgoingRequests() {
        assertThat(JanusMessages.create("t1")).isEqualTo("{\"janus\":\"create\",\"transaction\":\"t1\"}");
        assertThat(JanusMessages.attach("t2", 11)).isEqualTo(
                "{\"janus\":\"attach\",\"transaction\":\"t2\",\"session_id\":11,\"plugin\":\"janus.plugin.streaming\"}");
        assertThat(JanusMessages.watch("t3", 11, 22, 1000)).isEqualTo(
                "{\"janus\":\"message\",\"transaction\":\"t3\",\"session_id\":11,\"handle_id\":22,"
                        + "\"body\":{\"request\":\"watch\",\"id\":1000}}");
        assertThat(JanusMessages.start("t4", 11, 22, "v=0")).isEqualTo(
                "{\"janus\":\"message\",\"transaction\":\"t4\",\"session_id\":11,\"handle_id\":22,"
                        + "\"body\":{\"request\":\"start\"},\"jsep\":{\"type\":\"answer\",\"sdp\":\"v=0\"}}");
        assertThat(JanusMessages.trickle("t5", 11, 22, "0", 0, "candidate:1 1 udp 1 127.0.0.1 9 typ host"))
                .isEqualTo("{\"janus\":\"trickle\",\"transaction\":\"t5\",\"session_id\":11,\"handle_id\":22,"
                        + "\"candidate\":{\"sdpMid\":\"0\",\"sdpMLineIndex\":0,"
                        + "\"candidate\":\"candidate:1 1 udp 1 127.0.0.1 9 typ host\"}}");
        assertThat(JanusMessages.trickleCompleted("t6", 11, 22)).isEqualTo(
                "{\"janus\":\"trickle\",\"transaction\":\"t6\",\"session_id\":11,\"handle_id\":22,"
                        + "\"candidate\":{\"completed\":true}}");
        assertThat(JanusMessages.keepalive("t7", 11)).isEqualTo(
                "{\"janus\":\"keepalive\",\"transaction\":\"t7\",\"session_id\":11}");
        assertThat(JanusMessages.destroy("t8", 11)).isEqualTo(
                "{\"janus\":\"destroy\",\"transaction\":\"t8\",\"session_id\":11}");
        assertThat(JanusMessages.createRtpMountpoint("t9", 11, 22, 1000, "s1", "vp8", 96, 20000, 111, 20002))
                .isEqualTo("{\"janus\":\"message\",\"transaction\":\"t9\",\"session_id\":11,\"handle_id\":22,"
                        + "\"body\":{\"request\":\"create\",\"type\":\"rtp\",\"id\":1000,\"description\":\"s1\","
                        + "\"permanent\":false,\"media\":[{\"type\":\"video\",\"mid\":\"v\",\"port\":20000,"
                        + "\"pt\":96,\"codec\":\"vp8\"},{\"type\":\"audio\",\"mid\":\"a\",\"port\":20002,"
                        + "\"pt\":111,\"codec\":\"opus\"}]}}");
        assertThat(JanusMessages.createRtpMountpoint("t", 1, 2, 3, "d", "h264", 102, 4, 111, 6))
                .contains("\"codec\":\"h264\",\"fmtp\":\"profile-level-id=42e01f;packetization-mode=1\"");
        assertThat(JanusMessages.destroyMountpoint("t", 1, 2, 3)).isEqualTo(
                "{\"janus\":\"message\",\"transaction\":\"t\",\"session_id\":1,\"handle_id\":2,"
                        + "\"body\":{\"request\":\"destroy\",\"id\":3}}");
    }

    @Test
    void parsesJanusReplies() {
        assertThat(JanusMessages.parse("{\"janus\":\"success\",\"transaction\":\"t1\",\"data\":{\"id\":4242}}"))
                .isEqualTo(new Incoming.Success("t1", 4242, com.fasterxml.jackson.databind.node.MissingNode.getInstance()));
        assertThat(JanusMessages.parse("{\"janus\":\"ack\",\"session_id\":1,\"transaction\":\"t3\"}"))
                .isEqualTo(new Incoming.Ack("t3"));
        assertThat(JanusMessages.parse("{\"janus\":\"error\",\"transaction\":\"t\",\"error\":{\"code\":458,"
                + "\"reason\":\"No such session 5\"}}")).isEqualTo(new Incoming.Error("t", 458, "No such session 5"));
        Incoming offer = JanusMessages.parse("{\"janus\":\"event\",\"session_id\":1,\"transaction\":\"t3\","
                + "\"sender\":22,\"plugindata\":{\"plugin\":\"janus.plugin.streaming\",\"data\":{\"streaming\":"
                + "\"event\",\"result\":{\"status\":\"preparing\"}}},\"jsep\":{\"type\":\"offer\",\"sdp\":\"v=0\"}}");
        assertThat(offer).isInstanceOfSatisfying(Incoming.Event.class, e -> {
            assertThat(e.sender()).isEqualTo(22);
            assertThat(e.jsepType()).isEqualTo("offer");
            assertThat(e.jsepSdp()).isEqualTo("v=0");
            assertThat(e.pluginError()).isNull();
            assertThat(e.pluginData().path("result").path("status").asText()).isEqualTo("preparing");
        });
        assertThat(JanusMessages.parse("{\"janus\":\"event\",\"sender\":22,\"plugindata\":{\"data\":{\"streaming\":"
                + "\"event\",\"error_code\":455,\"error\":\"No such mountpoint/stream 7\"}}}"))
                .isInstanceOfSatisfying(Incoming.Event.class,
                        e -> assertThat(e.pluginError()).isEqualTo("No such mountpoint/stream 7"));
        assertThat(JanusMessages.parse("{\"janus\":\"trickle\",\"sender\":22,\"candidate\":{\"sdpMid\":\"v\","
                + "\"sdpMLineIndex\":0,\"candidate\":\"candidate:1 1 udp 5 127.0.0.1 40000 typ host\"}}"))
                .isEqualTo(new Incoming.Trickle(22, "v", 0, "candidate:1 1 udp 5 127.0.0.1 40000 typ host", false));
        assertThat(JanusMessages.parse("{\"janus\":\"trickle\",\"sender\":22,\"candidate\":{\"completed\":true}}"))
                .isEqualTo(new Incoming.Trickle(22, null, -1, null, true));
        assertThat(JanusMessages.parse("{\"janus\":\"webrtcup\",\"sender\":22}")).isEqualTo(new Incoming.WebRtcUp(22));
        assertThat(JanusMessages.parse("{\"janus\":\"hangup\",\"sender\":22,\"reason\":\"DTLS alert\"}"))
                .isEqualTo(new Incoming.HangUp(22, "DTLS alert"));
        assertThat(JanusMessages.parse("{\"janus\":\"media\",\"type\":\"video\",\"receiving\":true}"))
                .isEqualTo(new Incoming.Other("media"));
    }

    @Test
    void malformedMessagesBecomeInvalidNotExceptions() {
        assertThat(JanusMessages.parse("{")).isEqualTo(new Incoming.Invalid("not JSON"));
        assertThat(JanusMessages.parse("{\"command\":\"start\"}"))
                .isEqualTo(new Incoming.Invalid("not an object with a janus field"));
        assertThat(JanusMessages.parse("{\"janus\":\"event\",\"jsep\":{\"type\":\"offer\"}}"))
                .isEqualTo(new Incoming.Invalid("jsep without type or sdp"));
        assertThat(JanusMessages.parse("{\"janus\":\"trickle\",\"candidate\":{\"sdpMid\":\"0\"}}"))
                .isEqualTo(new Incoming.Invalid("trickle without candidate"));
        Random random = new Random(5);
        String valid = JanusMessages.start("t4", 11, 22, "v=0");
        for (int i = 0; i < 5000; i++) {
            char[] c = valid.toCharArray();
            for (int k = 0; k < 3; k++) {
                c[random.nextInt(c.length)] = (char) (32 + random.nextInt(95));
            }
            assertThat(JanusMessages.parse(new String(c, 0, random.nextInt(c.length + 1)))).isNotNull();
        }
    }
}
