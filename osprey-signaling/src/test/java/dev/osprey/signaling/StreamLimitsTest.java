package dev.osprey.signaling;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What one connection may hold at once: publishes, plays, P2P joins and rooms together. */
class StreamLimitsTest {

    private final FakeMediaEngine engine = new FakeMediaEngine();
    private final SignalingApplication app = new SignalingApplication("LiveApp",
            SignalingConfig.defaults().withMaxStreamsPerConnection(4), engine);
    private final Client client = new Client(app, "c:1");

    private static String tooMany(String id) {
        return "{'command':'error','definition':'too_many_streams','streamId':'" + id + "',"
                + "'information':'a connection may hold at most 4 publishes, plays, peer-to-peer joins and rooms'}";
    }

    /** A live stream published by another socket, for the client to play. */
    private void liveElsewhere(String streamId) {
        Client publisher = new Client(app, "p:" + streamId);
        publisher.send("{'command':'publish','streamId':'" + streamId + "'}");
        publisher.send("{'command':'takeConfiguration','streamId':'" + streamId + "','type':'offer','sdp':'o'}");
        engine.publishers.get(streamId).listener.started();
    }

    /** Fills the client's four places with one of each kind. */
    private void holdOneOfEachKind() {
        liveElsewhere("live1");
        client.send("{'command':'publish','streamId':'own1'}");
        client.send("{'command':'play','streamId':'live1'}");
        client.send("{'command':'join','streamId':'p2p1'}");
        client.send("{'command':'joinRoom','room':'room1','streamId':'member1'}");
        assertThat(client.drain()).extracting(m -> m.get("command").asText() + "/" + m.path("definition").asText())
                .containsExactly("start/", "takeConfiguration/", "notification/joined", "notification/joinedTheRoom");
    }

    @Test
    void aConnectionHoldingTheMaximumIsRefusedEveryFurtherPublishPlayJoinAndRoom() {
        holdOneOfEachKind();
        liveElsewhere("live2");
        var before = app.registrySizes();

        client.send("{'command':'publish','streamId':'own2'}");
        client.send("{'command':'play','streamId':'live2'}");
        client.send("{'command':'join','streamId':'p2p2'}");
        client.send("{'command':'joinRoom','room':'room2'}");

        client.expect(tooMany("own2"), tooMany("live2"), tooMany("p2p2"), tooMany("room2"));
        assertThat(app.registrySizes()).isEqualTo(before);
        assertThat(engine.viewers).doesNotContainKey("live2");
    }

    @Test
    void repeatingAHeldIdAtTheMaximumGetsTheCommandsOwnAnswer() {
        holdOneOfEachKind();

        client.send("{'command':'publish','streamId':'own1'}");
        client.send("{'command':'play','streamId':'live1'}");
        client.send("{'command':'join','streamId':'p2p1'}");

        client.expect("{'command':'error','definition':'already_publishing','streamId':'own1'}",
                "{'command':'error','definition':'already_playing','streamId':'live1'}",
                "{'command':'notification','definition':'joined','streamId':'p2p1'}");
        client.send("{'command':'joinRoom','room':'room1','streamId':'member1'}");
        assertThat(client.single().get("definition").asText()).isEqualTo("joinedTheRoom");
    }

    @Test
    void endingOneFreesAPlaceForAnother() {
        holdOneOfEachKind();
        client.send("{'command':'stop','streamId':'own1'}");
        client.send("{'command':'publish','streamId':'own2'}");
        client.expect("{'command':'notification','definition':'publish_finished','streamId':'own1'}",
                "{'command':'start','streamId':'own2'}");
    }
}
