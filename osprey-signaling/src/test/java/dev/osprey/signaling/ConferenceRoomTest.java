package dev.osprey.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The legacy joinRoom flow with three members: streamJoined/streamLeaved, room info and cleanup. */
class ConferenceRoomTest {

    private final SignalingApplication app = new SignalingApplication("LiveApp", SignalingConfig.defaults());
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

        bob.send("{'command':'joinRoom','room':'room1','streamId':'bob'}");
        bob.expect("{'command':'notification','definition':'joinedTheRoom','streamId':'bob','room':'room1',"
                + "'ATTR_ROOM_NAME':'room1','streams':['alice'],"
                + "'streamList':[{'streamId':'alice','streamName':'Alice','metaData':'a-meta'}],'maxTrackCount':6}");
        bob.send("{'command':'publish','streamId':'bob','mainTrack':'room1'}");
        bob.expect("{'command':'start','streamId':'bob'}");
        alice.expect("{'command':'notification','definition':'streamJoined','streamId':'bob'}");

        carol.send("{'command':'joinRoom','room':'room1'}");
        JsonNode joined = carol.single();
        String carolId = joined.get("streamId").textValue();
        assertThat(joined.get("streams")).isEqualTo(RecordingConnection.json("['alice','bob']"));
        carol.send("{'command':'publish','streamId':'" + carolId + "'}");
        carol.expect("{'command':'start','streamId':'" + carolId + "'}");
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
    }

    @Test
    void aPublishOutsideTheRoomIsNotAnnounced() {
        alice.send("{'command':'joinRoom','room':'r','streamId':'alice'}");
        bob.send("{'command':'joinRoom','room':'r','streamId':'bob'}");
        alice.drain();
        bob.send("{'command':'publish','streamId':'unrelated'}");
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
}
