package dev.osprey.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import dev.osprey.signaling.media.VideoAssignment;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code assignVideoTrackCommand}, {@code updateVideoTrackAssignmentsCommand}, {@code getVideoTrackAssignmentsCommand}. */
class RoomVideoAssignmentCommandsTest {

    private final FakeMediaEngine engine = new FakeMediaEngine();
    private final SignalingApplication app = new SignalingApplication("LiveApp", SignalingConfig.defaults(), engine);
    private final Client alice = new Client(app, "a:1");
    private final Client bob = new Client(app, "b:1");
    private final Client carol = new Client(app, "c:1");
    private FakeMediaEngine.FakeRoomLeg leg;

    @BeforeEach
    void aliceBobAndCarolPublishAndAlicePlaysTheRoom() {
        publishLive(alice, "alice");
        publishLive(bob, "bob");
        publishLive(carol, "carol");
        alice.send("{'command':'play','streamId':'room1','trackList':['!alice']}");
        alice.drain();
        leg = engine.rooms.get("room1");
        assertThat(leg.current()).containsExactly("bob", "carol");
    }

    @Test
    void pinsAndPagesReachTheRoomPlaySilently() {
        alice.send("{'command':'assignVideoTrackCommand','streamId':'room1','videoTrackId':'ARDAMSvcarol','enabled':true}");
        alice.send("{'command':'assignVideoTrackCommand','streamId':'room1','videoTrackId':'bob','enabled':'false'}");
        alice.send("{'command':'assignVideoTrackCommand','streamId':'room1','videoTrackId':'nobody','enabled':true}");
        alice.send("{'command':'updateVideoTrackAssignmentsCommand','streamId':'room1','offset':1,'size':2}");
        alice.send("{'command':'updateVideoTrackAssignmentsCommand','streamId':'room1','offset':'0','size':'0'}");
        alice.expectNothing();
        assertThat(leg.controls).containsExactly("pin carol true", "pin bob false", "pin nobody true", "page 1 2",
                "page 0 0");
    }

    @Test
    void theAssignmentsAreAnsweredAsVideoTrackAssignmentList() {
        alice.send("{'command':'getVideoTrackAssignmentsCommand','streamId':'room1'}");
        assertThat(leg.controls).containsExactly("assignments?");
        alice.expectNothing(); // the engine answers from its loop
        leg.listener.videoTrackAssignments(List.of(new VideoAssignment("carol", true), new VideoAssignment("bob", false)));
        alice.expect("{'command':'notification','definition':'videoTrackAssignmentList','streamId':'room1','payload':["
                + "{'videoLabel':'carol','trackId':'carol','reserved':true},"
                + "{'videoLabel':'bob','trackId':'bob','reserved':false}]}");
        leg.listener.videoTrackAssignments(List.of());
        alice.expect("{'command':'notification','definition':'videoTrackAssignmentList','streamId':'room1','payload':[]}");

        // Once the play ended, a late answer is dropped.
        alice.send("{'command':'stop','streamId':'room1'}");
        alice.drain();
        leg.listener.videoTrackAssignments(List.of(new VideoAssignment("bob", false)));
        alice.expectNothing();
    }

    @Test
    void missingOrMistypedFieldsAreErrors() {
        alice.send("{'command':'assignVideoTrackCommand','videoTrackId':'bob','enabled':true}");
        alice.send("{'command':'assignVideoTrackCommand','streamId':'room1','enabled':true}");
        alice.send("{'command':'assignVideoTrackCommand','streamId':'room1','videoTrackId':'bob'}");
        alice.send("{'command':'assignVideoTrackCommand','streamId':'room1','videoTrackId':'bob','enabled':3}");
        alice.send("{'command':'assignVideoTrackCommand','streamId':'room1','videoTrackId':7,'enabled':true}");
        alice.send("{'command':'updateVideoTrackAssignmentsCommand','streamId':'room1','offset':0}");
        alice.send("{'command':'updateVideoTrackAssignmentsCommand','streamId':'room1','offset':-1,'size':2}");
        alice.send("{'command':'updateVideoTrackAssignmentsCommand','streamId':'room1','offset':0,'size':-2}");
        alice.send("{'command':'updateVideoTrackAssignmentsCommand','streamId':'room1','offset':0,'size':'many'}");
        alice.send("{'command':'updateVideoTrackAssignmentsCommand','streamId':'room1','offset':1.5,'size':2}");
        alice.send("{'command':'getVideoTrackAssignmentsCommand'}");
        alice.send("{'command':'getVideoTrackAssignmentsCommand','streamId':'no room'}");
        alice.expect("{'command':'error','definition':'noStreamNameSpecified'}",
                "{'command':'error','definition':'missingParameter','streamId':'room1'}",
                "{'command':'error','definition':'missingParameter','streamId':'room1'}",
                "{'command':'error','definition':'invalid_field','information':'enabled must be a boolean'}",
                "{'command':'error','definition':'invalid_field','information':'videoTrackId must be a string'}",
                "{'command':'error','definition':'missingParameter','streamId':'room1'}",
                "{'command':'error','definition':'invalid_field','streamId':'room1','information':'offset must not be negative'}",
                "{'command':'error','definition':'invalid_field','streamId':'room1','information':'size must not be negative'}",
                "{'command':'error','definition':'invalid_field','information':'size must be an integer'}",
                "{'command':'error','definition':'invalid_field','information':'offset must be an integer'}",
                "{'command':'error','definition':'noStreamNameSpecified'}",
                "{'command':'error','definition':'invalidStreamName','streamId':'no room'}");
        assertThat(leg.controls).isEmpty();
    }

    @Test
    void withoutPlayingTheRoomTheCommandsAreNoStreamExist() {
        bob.send("{'command':'assignVideoTrackCommand','streamId':'room1','videoTrackId':'carol','enabled':true}");
        bob.send("{'command':'updateVideoTrackAssignmentsCommand','streamId':'room1','offset':0,'size':2}");
        bob.send("{'command':'getVideoTrackAssignmentsCommand','streamId':'room1'}");
        // a plain (non-room) play does not take them either
        carol.send("{'command':'play','streamId':'bob'}");
        carol.drain();
        carol.send("{'command':'getVideoTrackAssignmentsCommand','streamId':'bob'}");
        String missing = "{'command':'error','definition':'no_stream_exist','streamId':'room1','error_code':'404'}";
        bob.expect(missing, missing, missing);
        carol.expect("{'command':'error','definition':'no_stream_exist','streamId':'bob','error_code':'404'}");
        assertThat(leg.controls).isEmpty();
    }

    private void publishLive(Client client, String streamId) {
        client.send("{'command':'publish','streamId':'" + streamId + "','mainTrack':'room1'}");
        client.send("{'command':'takeConfiguration','streamId':'" + streamId + "','type':'offer','sdp':'o'}");
        engine.publishers.get(streamId).listener.started();
        List<JsonNode> messages = client.drain();
        assertThat(messages).extracting(m -> m.path("definition").asText()).contains("publish_started");
    }
}
