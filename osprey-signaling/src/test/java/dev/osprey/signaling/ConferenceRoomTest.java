package dev.osprey.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The legacy joinRoom flow with three members: streamJoined/streamLeaved, room info and cleanup. */
class ConferenceRoomTest {

    private final FakeMediaEngine engine = new FakeMediaEngine();
    private final SignalingApplication app = new SignalingApplication("LiveApp", SignalingConfig.defaults(), engine);
    private final Client alice = new Client(app, "a:1");
    private final Client bob = new Client(app, "b:1");
    private final Client carol = new Client(app, "c:1");

    @Test
    void threeMembersPublishLeaveAndDisconnect() {
        alice.send("{'command':'joinRoom','room':'room1','streamId':'alice'}");
        alice.expect("{'command':'notification','definition':'joinedTheRoom','streamId':'alice','room':'room1',"
                + "'ATTR_ROOM_NAME':'room1','streams':[],'streamList':[],'maxTrackCount':6}");
        alice.send("{'command':'publish','streamId':'alice','streamName':'Alice','metaData':'a-meta'}");
        alice.expect("{'command':'start','streamId':'alice'}");
        goLive(alice, "alice");

        bob.send("{'command':'joinRoom','room':'room1','streamId':'bob'}");
        bob.expect("{'command':'notification','definition':'joinedTheRoom','streamId':'bob','room':'room1',"
                + "'ATTR_ROOM_NAME':'room1','streams':['alice'],"
                + "'streamList':[{'streamId':'alice','streamName':'Alice','metaData':'a-meta'}],'maxTrackCount':6}");
        bob.send("{'command':'publish','streamId':'bob','mainTrack':'room1'}");
        bob.expect("{'command':'start','streamId':'bob'}");
        alice.expectNothing(); // announced when its media flows, so that members can play it at once
        goLive(bob, "bob");
        alice.expect("{'command':'notification','definition':'streamJoined','streamId':'bob'}");

        carol.send("{'command':'joinRoom','room':'room1'}");
        JsonNode joined = carol.single();
        String carolId = joined.get("streamId").textValue();
        assertThat(joined.get("streams")).isEqualTo(RecordingConnection.json("['alice','bob']"));
        carol.send("{'command':'publish','streamId':'" + carolId + "'}");
        carol.expect("{'command':'start','streamId':'" + carolId + "'}");
        goLive(carol, carolId);
        alice.expect("{'command':'notification','definition':'streamJoined','streamId':'" + carolId + "'}");
        bob.expect("{'command':'notification','definition':'streamJoined','streamId':'" + carolId + "'}");

        // Bob stops publishing but stays in the room.
        bob.send("{'command':'stop','streamId':'bob'}");
        bob.expect("{'command':'notification','definition':'publish_finished','streamId':'bob'}");
        alice.expect("{'command':'notification','definition':'streamLeaved','streamId':'bob'}");
        carol.expect("{'command':'notification','definition':'streamLeaved','streamId':'bob'}");

        // Carol disconnects: her stream leaves, and she is no longer a member.
        carol.close();
        alice.expect("{'command':'notification','definition':'streamLeaved','streamId':'" + carolId + "'}");
        bob.expect("{'command':'notification','definition':'streamLeaved','streamId':'" + carolId + "'}");
        bob.send("{'command':'getRoomInfo','room':'room1','streamId':'bob'}");
        bob.expect("{'command':'roomInformation','room':'room1','ATTR_ROOM_NAME':'room1','streams':['alice'],"
                + "'streamList':[{'streamId':'alice','streamName':'Alice','metaData':'a-meta'}]}");

        // Alice leaves the room: her publish ends there.
        alice.send("{'command':'leaveFromRoom','room':'room1','streamId':'alice'}");
        alice.expect("{'command':'notification','definition':'publish_finished','streamId':'alice'}",
                "{'command':'notification','definition':'leavedFromRoom','room':'room1','ATTR_ROOM_NAME':'room1'}");
        bob.expect("{'command':'notification','definition':'streamLeaved','streamId':'alice'}");

        // Carol's generated id and Alice's id are free again.
        Client dave = new Client(app, "d:1");
        dave.send("{'command':'publish','streamId':'" + carolId + "'}");
        dave.send("{'command':'publish','streamId':'alice'}");
        dave.expect("{'command':'start','streamId':'" + carolId + "'}", "{'command':'start','streamId':'alice'}");

        bob.close();
        alice.close();
        dave.close();
        assertThat(app.registrySizes()).containsOnly(Map.entry("publications", 0), Map.entry("playbacks", 0),
                Map.entry("pairs", 0), Map.entry("rooms", 0), Map.entry("memberIds", 0));
        assertThat(app.sessionCount()).isZero();
    }

    @Test
    void aMembersOwnPublishIsNotAnnouncedToItself() {
        alice.send("{'command':'joinRoom','room':'r','streamId':'alice'}");
        alice.drain();
        alice.send("{'command':'publish','streamId':'alice'}");
        alice.expect("{'command':'start','streamId':'alice'}");
        goLive(alice, "alice");
        alice.expectNothing();
    }

    @Test
    void aPublishOutsideTheRoomIsNotAnnounced() {
        alice.send("{'command':'joinRoom','room':'r','streamId':'alice'}");
        bob.send("{'command':'joinRoom','room':'r','streamId':'bob'}");
        alice.drain();
        bob.send("{'command':'publish','streamId':'unrelated'}");
        goLive(bob, "unrelated");
        alice.expectNothing();
    }

    @Test
    void roomInfoOfAnEmptiedRoomIsNoActiveStreamsInRoom() {
        alice.send("{'command':'joinRoom','room':'r','streamId':'alice'}");
        alice.send("{'command':'leaveFromRoom','room':'r'}");
        alice.drain();
        alice.send("{'command':'getRoomInfo','room':'r'}");
        alice.expect("{'command':'error','definition':'no_active_streams_in_room','room':'r'}");
    }

    @Test
    void aStreamThatNeverWentLiveIsNeitherAnnouncedNorListed() {
        alice.send("{'command':'joinRoom','room':'r','streamId':'alice'}");
        bob.send("{'command':'joinRoom','room':'r','streamId':'bob'}");
        bob.send("{'command':'publish','streamId':'bob'}");
        alice.drain();
        bob.drain();
        alice.send("{'command':'getRoomInfo','room':'r','streamId':'alice'}");
        alice.expect("{'command':'roomInformation','room':'r','ATTR_ROOM_NAME':'r','streams':[],'streamList':[]}");
        bob.send("{'command':'stop','streamId':'bob'}");
        alice.expectNothing();
    }

    @Test
    void multitrackRoomPlayFollowsParticipantsAndExcludesTheViewersOwnStream() {
        alice.send("{'command':'publish','streamId':'alice','mainTrack':'room1'}");
        goLive(alice, "alice");
        alice.send("{'command':'play','streamId':'room1','room':'room1','trackList':[],'userPublishId':'alice'}");
        alice.expect("{'command':'takeConfiguration','streamId':'room1','type':'offer','sdp':'room-offer-for-room1',"
                + "'idMapping':{}}");
        FakeMediaEngine.FakeRoomLeg leg = engine.rooms.get("room1");
        assertThat(leg.current()).isEmpty();
        assertThat(leg.initialMaxVideoTracks).isEqualTo(6);

        bob.send("{'command':'publish','streamId':'bob','mainTrack':'room1'}");
        bob.drain();
        assertThat(leg.current()).isEmpty();
        goLive(bob, "bob");
        alice.expect("{'command':'notification','definition':'subtrackAdded','streamId':'room1','trackId':'bob'}");
        assertThat(leg.current()).containsExactly("bob");
        carol.send("{'command':'publish','streamId':'carol','mainTrack':'room1'}");
        goLive(carol, "carol");
        alice.expect("{'command':'notification','definition':'subtrackAdded','streamId':'room1','trackId':'carol'}");
        assertThat(leg.current()).containsExactly("bob", "carol");

        alice.send("{'command':'getBroadcastObject','streamId':'room1'}");
        JsonNode broadcast = RecordingConnection.parse(alice.single().get("broadcast").textValue());
        assertThat(broadcast.get("subTrackStreamIds")).isEqualTo(RecordingConnection.json("['alice','bob','carol']"));
        alice.send("{'command':'getTrackList','streamId':'room1'}");
        alice.expect("{'command':'trackList','streamId':'room1','trackList':['alice','bob','carol']}");

        alice.send("{'command':'toggleVideo','streamId':'room1','trackId':'ARDAMSvbob','enabled':false}");
        alice.send("{'command':'toggleAudio','streamId':'room1','trackId':'carol','enabled':'false'}");
        alice.send("{'command':'enableTrack','streamId':'room1','trackId':'bob','enabled':true}");
        alice.send("{'command':'setMaxVideoTrackCountCommand','streamId':'room1','maxTrackCount':1}");
        alice.expectNothing();
        assertThat(leg.controls).containsExactly("video bob false", "audio carol false", "track bob true", "max 1");

        bob.close();
        alice.expect("{'command':'notification','definition':'subtrackRemoved','streamId':'room1','trackId':'bob'}");
        assertThat(leg.current()).containsExactly("carol");
        carol.send("{'command':'stop','streamId':'carol'}");
        alice.expect("{'command':'notification','definition':'subtrackRemoved','streamId':'room1','trackId':'carol'}");
        assertThat(leg.current()).isEmpty();
        // the room play stays open for the next participant
        assertThat(leg.closes).isZero();
        alice.close();
        assertThat(leg.closes).isEqualTo(1);
        assertThat(app.registrySizes()).containsOnly(Map.entry("publications", 0), Map.entry("playbacks", 0),
                Map.entry("pairs", 0), Map.entry("rooms", 0), Map.entry("memberIds", 0));
    }

    @Test
    void aTrackListOfPlainIdsSelectsOnlyThose() {
        alice.send("{'command':'publish','streamId':'alice','mainTrack':'r'}");
        goLive(alice, "alice");
        bob.send("{'command':'publish','streamId':'bob','mainTrack':'r'}");
        goLive(bob, "bob");
        carol.send("{'command':'play','streamId':'r','trackList':['bob']}");
        assertThat(engine.rooms.get("r").current()).containsExactly("bob");
    }

    /** Plays the publisher's part of the media engine: its offer is answered and media starts. */
    private void goLive(Client client, String streamId) {
        client.send("{'command':'takeConfiguration','streamId':'" + streamId + "','type':'offer','sdp':'o'}");
        engine.publishers.get(streamId).listener.started();
        List<JsonNode> messages = client.drain();
        assertThat(messages).extracting(m -> m.path("definition").asText()).contains("publish_started");
    }
}
