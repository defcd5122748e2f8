package dev.osprey.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Feeds 10,000 random and mutated frames (plus binary frames and reconnects) to sessions of two
 * applications, one without and one with a media engine. No exception may escape, and every frame
 * sent back must be a well-formed protocol message; none may report an internal failure.
 */
class SignalingFuzzTest {

    private static final int FRAMES = 10_000;

    private static final String[] SEEDS = {
            "{\"command\":\"ping\"}",
            "{\"command\":\"getIceServerConfig\"}",
            "{\"command\":\"publish\",\"streamId\":\"s1\",\"token\":null,\"streamName\":\"\",\"mainTrack\":\"room1\",\"metaData\":\"\",\"video\":true,\"audio\":\"false\"}",
            "{\"command\":\"play\",\"streamId\":\"s1\",\"room\":\"\",\"trackList\":[\"a\",\"!b\"],\"viewerInfo\":\"\"}",
            "{\"command\":\"stop\",\"streamId\":\"s1\"}",
            "{\"command\":\"takeConfiguration\",\"streamId\":\"s1\",\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}",
            "{\"command\":\"takeConfiguration\",\"streamId\":\"p2p\",\"type\":\"answer\",\"sdp\":\"v=0\\r\\n\"}",
            "{\"command\":\"takeCandidate\",\"streamId\":\"s1\",\"label\":0,\"id\":\"0\",\"candidate\":\"candidate:1 1 udp 1 1.1.1.1 9 typ host\"}",
            "{\"command\":\"takeCandidate\",\"streamId\":\"p2p\",\"label\":null,\"id\":null,\"candidate\":\"\"}",
            "{\"command\":\"join\",\"streamId\":\"p2p\",\"multiPeer\":false,\"mode\":\"both\"}",
            "{\"command\":\"leave\",\"streamId\":\"p2p\"}",
            "{\"command\":\"peerMessageCommand\",\"streamId\":\"p2p\",\"definition\":\"d\",\"data\":\"x\"}",
            "{\"command\":\"joinRoom\",\"room\":\"room1\",\"mainTrack\":\"room1\",\"mode\":\"legacy\",\"metadata\":\"m\"}",
            "{\"command\":\"joinRoom\",\"room\":\"room1\",\"streamId\":\"s1\"}",
            "{\"command\":\"leaveFromRoom\",\"room\":\"room1\",\"streamId\":\"s1\"}",
            "{\"command\":\"getRoomInfo\",\"room\":\"room1\",\"streamId\":\"s1\"}",
            "{\"command\":\"getStreamInfo\",\"streamId\":\"s1\"}",
            "{\"command\":\"getBroadcastObject\",\"streamId\":\"room1\"}",
            "{\"command\":\"getTrackList\",\"streamId\":\"room1\",\"token\":\"\"}",
            "{\"command\":\"getSubtracks\",\"streamId\":\"room1\",\"role\":\"\",\"offset\":0,\"size\":10}",
            "{\"command\":\"getSubtracksCount\",\"streamId\":\"room1\",\"role\":\"\",\"status\":\"broadcasting\"}",
            "{\"command\":\"updateStreamMetaData\",\"streamId\":\"s1\",\"metaData\":{\"a\":1}}",
            "{\"command\":\"toggleAudio\",\"streamId\":\"s1\",\"trackId\":\"t\",\"enabled\":\"true\"}",
            "{\"command\":\"assignVideoTrackCommand\",\"streamId\":\"room1\",\"videoTrackId\":\"ARDAMSvs1\",\"enabled\":true}",
            "{\"command\":\"updateVideoTrackAssignmentsCommand\",\"streamId\":\"room1\",\"offset\":0,\"size\":2}",
            "{\"command\":\"getVideoTrackAssignmentsCommand\",\"streamId\":\"room1\"}",
    };

    private static final String[] ODD_VALUES = {
            "null", "true", "false", "0", "-1", "1e309", "99999999999999999999", "\"\"", "\"true\"", "\"a b\"",
            "\"../../x\"", "\"\\u0000\"", "\"\\ud800\"", "[]", "[1,[2]]", "{}", "{\"k\":{}}", "\"s1\"", "\"p2p\"",
            "\"room1\"", "\"offer\"", "\"answer\"", "\"" + "x".repeat(300) + "\"",
    };

    private static final String[] FIELDS = {
            "command", "streamId", "room", "type", "sdp", "label", "id", "candidate", "trackList", "video", "audio",
            "enablevideo", "metaData", "metadata", "mainTrack", "offset", "size", "role", "status", "data",
            "videoTrackId", "enabled",
    };

    private final Random random = new Random(20_240_601L);

    @Test
    void tenThousandHostileFramesNeverBreakTheSessions() {
        List<SignalingApplication> apps = List.of(
                new SignalingApplication("LiveApp", new SignalingConfig("stun:s", "", "", 4_000)),
                new SignalingApplication("WebRTCAppEE", new SignalingConfig("stun:s", "", "", 4_000),
                        new AutoLiveMediaEngine()));
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            clients.add(new Client(apps.get(i % 2), "fuzz:" + i));
        }
        int answered = 0;
        java.util.Set<String> kinds = new java.util.TreeSet<>();
        for (int frame = 0; frame < FRAMES; frame++) {
            int index = random.nextInt(clients.size());
            Client client = clients.get(index);
            int action = random.nextInt(100);
            if (action == 0) {
                client.close();
                clients.set(index, new Client(apps.get(index % 2), "fuzz:" + index));
                continue;
            }
            if (action == 1) {
                client.session.onBinary(random.nextInt(70_000));
            } else {
                client.sendRaw(nextFrame());
            }
            for (Client c : clients) {
                for (String text : c.connection.sentTexts()) {
                    JsonNode message = assertWellFormed(text);
                    kinds.add(message.get("command").textValue() + "/" + message.path("definition").asText(""));
                    answered++;
                }
                c.drain();
            }
        }
        clients.forEach(Client::close);
        for (SignalingApplication app : apps) {
            assertThat(app.sessionCount()).isZero();
            assertThat(app.registrySizes().values()).containsOnly(0);
        }
        assertThat(answered).isGreaterThan(FRAMES / 2);
        // The mutations reach the deep paths, not only the parser's rejections.
        assertThat(kinds).contains("start/", "takeConfiguration/", "takeCandidate/", "roomInformation/",
                "trackList/", "notification/joinedTheRoom", "notification/publish_started",
                "notification/streamJoined", "notification/broadcastObject", "error/invalid_json",
                "error/invalid_field", "error/missing_command", "error/not_a_json_object",
                "error/binary_not_supported", "error/unknown_command", "error/invalidStreamName",
                "error/message_too_long", "error/webrtc_not_enabled");
    }

    private static JsonNode assertWellFormed(String text) {
        JsonNode message = RecordingConnection.parse(text);
        assertThat(message.isObject()).as(text).isTrue();
        assertThat(message.path("command").isTextual()).as(text).isTrue();
        String command = message.get("command").textValue();
        if (command.equals("error") || command.equals("notification")) {
            assertThat(message.path("definition").isTextual()).as(text).isTrue();
            assertThat(message.get("definition").textValue()).as(text).isNotEqualTo("server_error_check_logs");
        }
        return message;
    }

    private String nextFrame() {
        String seed = SEEDS[random.nextInt(SEEDS.length)];
        return switch (random.nextInt(9)) {
            case 0 -> seed;
            case 1 -> replaceValue(seed);
            case 2 -> seed.substring(0, random.nextInt(seed.length() + 1));
            case 3 -> flipCharacters(seed);
            case 4 -> randomText();
            case 5 -> "{\"command\":\"" + seed.substring(12, Math.min(seed.length(), 12 + random.nextInt(8))) + "\"}";
            case 6 -> nested(random.nextInt(3_000));
            case 7 -> ODD_VALUES[random.nextInt(ODD_VALUES.length)];
            default -> addField(seed);
        };
    }

    /** Sets a random field of a seed to an odd value. */
    private String replaceValue(String seed) {
        String field = FIELDS[random.nextInt(FIELDS.length)];
        String value = ODD_VALUES[random.nextInt(ODD_VALUES.length)];
        String marker = "\"" + field + "\":";
        int at = seed.indexOf(marker);
        if (at < 0) {
            return addField(seed);
        }
        int start = at + marker.length();
        int end = valueEnd(seed, start);
        return seed.substring(0, start) + value + seed.substring(end);
    }

    private String addField(String seed) {
        String field = FIELDS[random.nextInt(FIELDS.length)];
        String value = ODD_VALUES[random.nextInt(ODD_VALUES.length)];
        return "{\"" + field + "\":" + value + "," + seed.substring(1);
    }

    /** End of a simple JSON value starting at {@code start} (strings, literals, flat arrays/objects). */
    private static int valueEnd(String json, int start) {
        char first = json.charAt(start);
        if (first == '"') {
            int i = start + 1;
            while (json.charAt(i) != '"') {
                i += json.charAt(i) == '\\' ? 2 : 1;
            }
            return i + 1;
        }
        if (first == '[' || first == '{') {
            int depth = 0;
            for (int i = start; i < json.length(); i++) {
                char c = json.charAt(i);
                if (c == '[' || c == '{') {
                    depth++;
                } else if (c == ']' || c == '}') {
                    if (--depth == 0) {
                        return i + 1;
                    }
                }
            }
        }
        int i = start;
        while (i < json.length() && ",}".indexOf(json.charAt(i)) < 0) {
            i++;
        }
        return i;
    }

    private String flipCharacters(String seed) {
        char[] chars = seed.toCharArray();
        int flips = 1 + random.nextInt(4);
        for (int i = 0; i < flips; i++) {
            chars[random.nextInt(chars.length)] = (char) random.nextInt(0x3000);
        }
        return new String(chars);
    }

    private String randomText() {
        int length = random.nextInt(200) + (random.nextInt(50) == 0 ? 5_000 : 0);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) (random.nextBoolean() ? 32 + random.nextInt(95) : random.nextInt(0xFFFF)));
        }
        return text.toString();
    }

    private static String nested(int depth) {
        return "{\"command\":\"ping\",\"x\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
    }

    /** An engine that answers every offer and reports media flowing at once, so play paths get exercised. */
    private static final class AutoLiveMediaEngine implements dev.osprey.signaling.media.MediaEngine {

        @Override
        public dev.osprey.signaling.media.MediaLeg publish(String streamId, String offerSdp, boolean video,
                                                           boolean audio,
                                                           dev.osprey.signaling.media.MediaListener listener) {
            listener.localDescription("answer", "v=0", null);
            listener.localCandidate(0, "0", "candidate:1 1 udp 1 127.0.0.1 50000 typ host");
            listener.started();
            return new NoopLeg();
        }

        @Override
        public dev.osprey.signaling.media.MediaLeg play(String streamId, List<String> trackList,
                                                        dev.osprey.signaling.media.MediaListener listener) {
            listener.localDescription("offer", "v=0", java.util.Map.of("0", "ARDAMSv" + streamId));
            listener.started();
            return new NoopLeg();
        }

        @Override
        public dev.osprey.signaling.media.RoomLeg playRoom(String room, List<String> participants, int maxVideoTracks,
                                                           dev.osprey.signaling.media.MediaListener listener) {
            listener.localDescription("offer", "v=0", java.util.Map.of());
            listener.started();
            return new FakeMediaEngine.FakeRoomLeg(listener, participants, maxVideoTracks);
        }
    }

    private static final class NoopLeg implements dev.osprey.signaling.media.MediaLeg {

        @Override
        public void remoteDescription(String type, String sdp) {
        }

        @Override
        public void remoteCandidate(Integer label, String mid, String candidate) {
        }

        @Override
        public void close() {
        }
    }
}
