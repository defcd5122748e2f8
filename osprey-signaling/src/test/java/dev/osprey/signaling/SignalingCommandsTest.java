package dev.osprey.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static dev.osprey.signaling.RecordingConnection.json;
import static org.assertj.core.api.Assertions.assertThat;

/** One test per command and per error definition, on an application without a media engine. */
class SignalingCommandsTest {

    private final SignalingApplication app = new SignalingApplication("LiveApp",
            new SignalingConfig("turn:turn.example.org:3478", "user", "secret", 1_000, 9));
    private final Client client = new Client(app, "10.0.0.1:5000");
    private final Client other = new Client(app, "10.0.0.2:5000");

    @Test
    void pingGetsPong() {
        client.send("{'command':'ping'}");
        client.expect("{'command':'pong'}");
    }

    @Test
    void iceServerConfigComesFromTheConfigWithoutStreamId() {
        client.send("{'command':'getIceServerConfig'}");
        client.expect("{'command':'iceServerConfig','stunServerUri':'turn:turn.example.org:3478',"
                + "'turnServerUsername':'user','turnServerCredential':'secret'}");
    }

    @Test
    void iceServerConfigAlsoAfterPublish() {
        client.send("{'command':'publish','streamId':'s1'}");
        client.send("{'command':'getIceServerConfig'}");
        client.expect("{'command':'start','streamId':'s1'}",
                "{'command':'iceServerConfig','stunServerUri':'turn:turn.example.org:3478',"
                        + "'turnServerUsername':'user','turnServerCredential':'secret'}");
    }

    @Test
    void defaultConfigHandsOutGoogleStun() {
        Client c = new Client(new SignalingApplication("LiveApp", SignalingConfig.defaults()), "a:1");
        c.send("{'command':'getIceServerConfig'}");
        c.expect("{'command':'iceServerConfig','stunServerUri':'stun:stun1.l.google.com:19302',"
                + "'turnServerUsername':'','turnServerCredential':''}");
    }

    @Test
    void publishIsAnsweredWithStart() {
        client.send("{'command':'publish','streamId':'stream1','token':null,'subscriberId':'','streamName':'',"
                + "'mainTrack':'','metaData':'','role':'','video':true,'audio':true}");
        client.expect("{'command':'start','streamId':'stream1'}");
    }

    @Test
    void missingStreamIdIsNoStreamNameSpecified() {
        client.send("{'command':'publish'}");
        client.send("{'command':'publish','streamId':''}");
        client.send("{'command':'publish','streamId':null}");
        client.expect("{'command':'error','definition':'noStreamNameSpecified'}",
                "{'command':'error','definition':'noStreamNameSpecified'}",
                "{'command':'error','definition':'noStreamNameSpecified'}");
    }

    @Test
    void streamIdWithForbiddenCharactersIsInvalidStreamName() {
        client.send("{'command':'publish','streamId':'a b'}");
        client.send("{'command':'play','streamId':'x/y'}");
        client.expect("{'command':'error','definition':'invalidStreamName','streamId':'a b'}",
                "{'command':'error','definition':'invalidStreamName','streamId':'x/y'}");
    }

    @Test
    void roomsAndOptionalIdsWithForbiddenCharactersAreInvalidStreamNameToo() {
        client.send("{'command':'joinRoom','room':'a b'}");
        client.send("{'command':'joinRoom','room':'r1','streamId':'x/y'}");
        client.send("{'command':'publish','streamId':'s1','mainTrack':'m m'}");
        client.expect("{'command':'error','definition':'invalidStreamName','streamId':'a b'}",
                "{'command':'error','definition':'invalidStreamName','streamId':'x/y'}",
                "{'command':'error','definition':'invalidStreamName','streamId':'m m'}");
        assertThat(app.registrySizes().values()).containsOnly(0);
    }

    @Test
    void streamIdWithEveryAllowedCharacterIsAccepted() {
        client.send("{'command':'publish','streamId':'Az09_.-'}");
        client.expect("{'command':'start','streamId':'Az09_.-'}");
    }

    @Test
    void secondPublisherOfTheSameIdGetsStreamIdInUse() {
        client.send("{'command':'publish','streamId':'s1'}");
        other.send("{'command':'publish','streamId':'s1'}");
        client.expect("{'command':'start','streamId':'s1'}");
        other.expect("{'command':'error','definition':'streamIdInUse','streamId':'s1'}");
    }

    @Test
    void sameSocketPublishingAgainGetsAlreadyPublishing() {
        client.send("{'command':'publish','streamId':'s1'}");
        client.send("{'command':'publish','streamId':'s1'}");
        client.expect("{'command':'start','streamId':'s1'}",
                "{'command':'error','definition':'already_publishing','streamId':'s1'}");
    }

    @Test
    void stopOfAPublishAnswersPublishFinishedAndReleasesTheId() {
        client.send("{'command':'publish','streamId':'s1'}");
        client.send("{'command':'stop','streamId':'s1'}");
        other.send("{'command':'publish','streamId':'s1'}");
        client.expect("{'command':'start','streamId':'s1'}",
                "{'command':'notification','definition':'publish_finished','streamId':'s1'}");
        other.expect("{'command':'start','streamId':'s1'}");
    }

    @Test
    void stopOfNothingAndStopTwiceAreHarmless() {
        client.send("{'command':'stop','streamId':'never'}");
        client.send("{'command':'publish','streamId':'s1'}");
        client.send("{'command':'stop','streamId':'s1'}");
        client.send("{'command':'stop','streamId':'s1'}");
        client.send("{'command':'ping'}");
        client.expect("{'command':'start','streamId':'s1'}",
                "{'command':'notification','definition':'publish_finished','streamId':'s1'}",
                "{'command':'pong'}");
    }

    @Test
    void stopWithoutStreamIdIsNoStreamNameSpecified() {
        client.send("{'command':'stop'}");
        client.expect("{'command':'error','definition':'noStreamNameSpecified'}");
    }

    @Test
    void sdkWatchdogStopThenRepublishIsAccepted() {
        client.send("{'command':'publish','streamId':'s1'}");
        client.send("{'command':'stop','streamId':'s1'}");
        client.send("{'command':'publish','streamId':'s1'}");
        client.expect("{'command':'start','streamId':'s1'}",
                "{'command':'notification','definition':'publish_finished','streamId':'s1'}",
                "{'command':'start','streamId':'s1'}");
    }

    @Test
    void socketCloseFreesThePublishedIdImmediately() {
        client.send("{'command':'publish','streamId':'s1'}");
        client.close();
        other.send("{'command':'publish','streamId':'s1'}");
        other.expect("{'command':'start','streamId':'s1'}");
    }

    @Test
    void playOfAStreamThatIsNotLiveIsNoStreamExist404() {
        client.send("{'command':'play','streamId':'s1','token':'','room':'','trackList':[],'subscriberId':'',"
                + "'viewerInfo':'','role':'','userPublishId':''}");
        client.expect("{'command':'error','definition':'no_stream_exist','streamId':'s1','error_code':'404'}");
    }

    @Test
    void playOfARegisteredButNotLiveStreamIsNoStreamExist() {
        other.send("{'command':'publish','streamId':'s1'}");
        client.send("{'command':'play','streamId':'s1'}");
        client.expect("{'command':'error','definition':'no_stream_exist','streamId':'s1','error_code':'404'}");
    }

    @Test
    void publisherOfferWithoutMediaEngineIsWebrtcNotEnabledAndPublishStaysConsistent() {
        client.send("{'command':'publish','streamId':'s1'}");
        client.send("{'command':'takeConfiguration','streamId':'s1','type':'offer','sdp':'v=0'}");
        client.send("{'command':'takeCandidate','streamId':'s1','label':0,'id':'0','candidate':'candidate:1 1 udp 1 1.2.3.4 5 typ host'}");
        client.send("{'command':'stop','streamId':'s1'}");
        client.expect("{'command':'start','streamId':'s1'}",
                "{'command':'error','definition':'webrtc_not_enabled','streamId':'s1'}",
                "{'command':'notification','definition':'publish_finished','streamId':'s1'}");
    }

    @Test
    void publisherOfferWithoutSdpIsMissingParameter() {
        client.send("{'command':'publish','streamId':'s1'}");
        client.send("{'command':'takeConfiguration','streamId':'s1','type':'offer'}");
        client.expect("{'command':'start','streamId':'s1'}",
                "{'command':'error','definition':'missingParameter','streamId':'s1'}");
    }

    @Test
    void takeConfigurationBeforePublishOrJoinIsNoPeerAssociatedBefore() {
        client.send("{'command':'takeConfiguration','streamId':'s1','type':'offer','sdp':'v=0'}");
        client.send("{'command':'takeCandidate','streamId':'s1','label':0,'id':'0','candidate':''}");
        client.expect("{'command':'error','definition':'no_peer_associated_before','streamId':'s1'}",
                "{'command':'error','definition':'no_peer_associated_before','streamId':'s1'}");
    }

    @Test
    void peerMessageWithoutPartnerIsNoPeerAssociatedBefore() {
        client.send("{'command':'peerMessageCommand','streamId':'p','definition':'hi','data':'x'}");
        client.expect("{'command':'error','definition':'no_peer_associated_before','streamId':'p'}");
    }

    @Test
    void joinIsAcknowledgedWithJoined() {
        client.send("{'command':'join','streamId':'p1','multiPeer':false,'mode':'both'}");
        client.expect("{'command':'notification','definition':'joined','streamId':'p1'}");
    }

    @Test
    void leaveIsAcknowledgedWithLeaved() {
        client.send("{'command':'join','streamId':'p1'}");
        client.send("{'command':'leave','streamId':'p1'}");
        client.expect("{'command':'notification','definition':'joined','streamId':'p1'}",
                "{'command':'notification','definition':'leaved','streamId':'p1'}");
    }

    @Test
    void joinRoomWithoutRoomIsNoRoomSpecified() {
        client.send("{'command':'joinRoom','streamId':'s1'}");
        client.send("{'command':'joinRoom','room':''}");
        client.expect("{'command':'error','definition':'no_room_specified'}",
                "{'command':'error','definition':'no_room_specified'}");
    }

    @Test
    void joinRoomEchoesTheGivenStreamId() {
        client.send("{'command':'joinRoom','room':'r1','mainTrack':'r1','streamId':'me','mode':'legacy',"
                + "'streamName':'Me','role':'','metadata':'m'}");
        client.expect("{'command':'notification','definition':'joinedTheRoom','streamId':'me','room':'r1',"
                + "'ATTR_ROOM_NAME':'r1','streams':[],'streamList':[],'maxTrackCount':9}");
    }

    @Test
    void joinRoomGeneratesAValidStreamIdWhenAbsent() {
        client.send("{'command':'joinRoom','room':'r1'}");
        JsonNode joined = client.single();
        String id = joined.get("streamId").textValue();
        assertThat(id).matches("[A-Za-z0-9_.-]{16}");
        assertThat(joined).isEqualTo(json("{'command':'notification','definition':'joinedTheRoom','streamId':'" + id
                + "','room':'r1','ATTR_ROOM_NAME':'r1','streams':[],'streamList':[],'maxTrackCount':9}"));
    }

    @Test
    void joinRoomWithAnIdAnotherSocketUsesIsStreamIdInUse() {
        other.send("{'command':'publish','streamId':'s1'}");
        client.send("{'command':'joinRoom','room':'r1','streamId':'s1'}");
        client.expect("{'command':'error','definition':'streamIdInUse','streamId':'s1'}");
    }

    @Test
    void leaveFromRoomIsAcknowledged() {
        client.send("{'command':'joinRoom','room':'r1','streamId':'me'}");
        client.drain();
        client.send("{'command':'leaveFromRoom','room':'r1','mainTrack':'r1','streamId':'me'}");
        client.expect("{'command':'notification','definition':'leavedFromRoom','room':'r1','ATTR_ROOM_NAME':'r1'}");
    }

    @Test
    void leaveFromRoomWithoutRoomIsNoRoomSpecified() {
        client.send("{'command':'leaveFromRoom','streamId':'me'}");
        client.expect("{'command':'error','definition':'no_room_specified'}");
    }

    @Test
    void getRoomInfoListsOnlyLiveStreams() {
        client.send("{'command':'joinRoom','room':'r1','streamId':'a'}");
        other.send("{'command':'joinRoom','room':'r1','streamId':'b'}");
        other.send("{'command':'publish','streamId':'b','streamName':'Bob','metaData':'{\\'x\\':1}'}");
        client.send("{'command':'publish','streamId':'a','mainTrack':'r1'}");
        client.drain();
        client.send("{'command':'getRoomInfo','room':'r1','streamId':'a'}");
        // without a media engine no stream goes live, so there is nothing a member could play
        client.expect("{'command':'roomInformation','room':'r1','ATTR_ROOM_NAME':'r1','streams':[],'streamList':[]}");
    }

    @Test
    void getRoomInfoOfAnUnknownRoomIsNoActiveStreamsInRoom() {
        client.send("{'command':'getRoomInfo','room':'nowhere','streamId':'a'}");
        client.expect("{'command':'error','definition':'no_active_streams_in_room','room':'nowhere'}");
    }

    @Test
    void getRoomInfoWithoutRoomIsNoRoomSpecified() {
        client.send("{'command':'getRoomInfo','streamId':'a'}");
        client.expect("{'command':'error','definition':'no_room_specified'}");
    }

    @Test
    void getStreamInfoOfANonLiveStreamIsNoStreamExist() {
        other.send("{'command':'publish','streamId':'s1'}");
        client.send("{'command':'getStreamInfo','streamId':'s1'}");
        client.send("{'command':'getStreamInfo','streamId':'s2'}");
        client.expect("{'command':'error','definition':'no_stream_exist','streamId':'s1','error_code':'404'}",
                "{'command':'error','definition':'no_stream_exist','streamId':'s2','error_code':'404'}");
    }

    @Test
    void getBroadcastObjectOfAPublishingStreamIsABroadcastJsonString() {
        long before = System.currentTimeMillis();
        other.send("{'command':'publish','streamId':'s1','streamName':'Cam','metaData':'meta','role':'host'}");
        client.send("{'command':'getBroadcastObject','streamId':'s1'}");
        JsonNode reply = client.single();
        assertThat(reply.get("command").textValue()).isEqualTo("notification");
        assertThat(reply.get("definition").textValue()).isEqualTo("broadcastObject");
        assertThat(reply.get("streamId").textValue()).isEqualTo("s1");
        assertThat(reply.get("broadcast").isTextual()).isTrue();
        JsonNode broadcast = RecordingConnection.parse(reply.get("broadcast").textValue());
        long date = broadcast.get("date").longValue();
        assertThat(date).isBetween(before, System.currentTimeMillis());
        assertThat(broadcast).isEqualTo(json("{'streamId':'s1','status':'preparing','type':'liveStream',"
                + "'publishType':'WebRTC','name':'Cam','publish':true,'date':" + date + ",'startTime':0,"
                + "'metaData':'meta','role':'host','mainTrackStreamId':'','subTrackStreamIds':[],"
                + "'webRTCViewerCount':0,'hlsViewerCount':0,'rtmpViewerCount':0}"));
    }

    @Test
    void getBroadcastObjectOfAnUnknownStreamIsNoStreamExist() {
        client.send("{'command':'getBroadcastObject','streamId':'s9'}");
        client.expect("{'command':'error','definition':'no_stream_exist','streamId':'s9','error_code':'404'}");
    }

    @Test
    void getBroadcastObjectOfARoomListsItsSubtracks() {
        other.send("{'command':'publish','streamId':'p1','mainTrack':'room1'}");
        client.send("{'command':'publish','streamId':'p2','mainTrack':'room1'}");
        client.drain();
        client.send("{'command':'getBroadcastObject','streamId':'room1'}");
        JsonNode broadcast = RecordingConnection.parse(client.single().get("broadcast").textValue());
        assertThat(broadcast.get("streamId").textValue()).isEqualTo("room1");
        assertThat(broadcast.get("status").textValue()).isEqualTo("created");
        assertThat(broadcast.get("subTrackStreamIds")).isEqualTo(json("['p1','p2']"));
    }

    @Test
    void getTrackListOfARoomListsItsStreams() {
        other.send("{'command':'publish','streamId':'p1','mainTrack':'room1'}");
        client.send("{'command':'getTrackList','streamId':'room1','token':''}");
        client.send("{'command':'getTrackList','streamId':'p1'}");
        client.send("{'command':'getTrackList','streamId':'none'}");
        client.expect("{'command':'trackList','streamId':'room1','trackList':['p1']}",
                "{'command':'trackList','streamId':'p1','trackList':[]}",
                "{'command':'error','definition':'no_stream_exist','streamId':'none','error_code':'404'}");
    }

    @Test
    void getSubtracksPagesTheRoomsStreamsAsJsonStrings() {
        other.send("{'command':'publish','streamId':'p1','mainTrack':'room1','role':'host'}");
        other.send("{'command':'publish','streamId':'p2','mainTrack':'room1','role':'guest'}");
        other.send("{'command':'publish','streamId':'p3','mainTrack':'room1','role':'guest'}");
        client.send("{'command':'getSubtracks','streamId':'room1','role':'guest','offset':1,'size':5}");
        JsonNode reply = client.single();
        assertThat(reply.get("definition").textValue()).isEqualTo("subtrackList");
        assertThat(reply.get("streamId").textValue()).isEqualTo("room1");
        assertThat(reply.get("subtrackList")).hasSize(1);
        JsonNode subtrack = RecordingConnection.parse(reply.get("subtrackList").get(0).textValue());
        assertThat(subtrack.get("streamId").textValue()).isEqualTo("p3");
        assertThat(subtrack.get("mainTrackStreamId").textValue()).isEqualTo("room1");
    }

    @Test
    void getSubtracksCountCountsByRoleAndStatus() {
        other.send("{'command':'publish','streamId':'p1','mainTrack':'room1','role':'host'}");
        other.send("{'command':'publish','streamId':'p2','mainTrack':'room1','role':'guest'}");
        client.send("{'command':'getSubtracksCount','streamId':'room1','role':'','status':''}");
        client.send("{'command':'getSubtracksCount','streamId':'room1','role':'guest'}");
        client.send("{'command':'getSubtracksCount','streamId':'room1','status':'broadcasting'}");
        client.expect("{'command':'notification','definition':'subtrackCount','streamId':'room1','count':2}",
                "{'command':'notification','definition':'subtrackCount','streamId':'room1','count':1}",
                "{'command':'notification','definition':'subtrackCount','streamId':'room1','count':0}");
    }

    @Test
    void updateStreamMetaDataChangesTheBroadcast() {
        other.send("{'command':'publish','streamId':'s1','metaData':'old'}");
        client.send("{'command':'updateStreamMetaData','streamId':'s1','metaData':'new'}");
        client.send("{'command':'updateStreamMetaData','streamId':'s2','metaData':'new'}");
        client.send("{'command':'getBroadcastObject','streamId':'s1'}");
        var replies = client.drain();
        assertThat(replies.get(0)).isEqualTo(
                json("{'command':'error','definition':'no_stream_exist','streamId':'s2','error_code':'404'}"));
        JsonNode broadcast = RecordingConnection.parse(replies.get(1).get("broadcast").textValue());
        assertThat(broadcast.get("metaData").textValue()).isEqualTo("new");
    }

    @Test
    void unknownCommandIsAnErrorNamingIt() {
        client.send("{'command':'fly','streamId':'s1'}");
        client.send("{'command':'ping'}");
        client.expect("{'command':'error','definition':'unknown_command','information':'fly'}",
                "{'command':'pong'}");
    }

    @Test
    void unimplementedAntMediaCommandIsUnsupportedCommand() {
        client.send("{'command':'forceStreamQuality','streamId':'s1','streamHeight':240}");
        client.expect("{'command':'error','definition':'unsupported_command','information':'forceStreamQuality'}");
    }

    @Test
    void roomControlsWithoutPlayingTheRoomAreNoStreamExist() {
        client.send("{'command':'toggleVideo','streamId':'r1','trackId':'t','enabled':true}");
        client.send("{'command':'enableTrack','streamId':'r1','trackId':'t','enabled':false}");
        client.send("{'command':'setMaxVideoTrackCountCommand','streamId':'r1','maxTrackCount':2}");
        client.send("{'command':'toggleAudio','streamId':'r1'}");
        String missing = "{'command':'error','definition':'no_stream_exist','streamId':'r1','error_code':'404'}";
        client.expect(missing, missing, missing, "{'command':'error','definition':'missingParameter','streamId':'r1'}");
    }

    @Test
    void nonJsonTextIsInvalidJson() {
        client.sendRaw("hello");
        client.sendRaw("");
        client.sendRaw("{\"command\":\"ping\"} trailing");
        client.expect("{'command':'error','definition':'invalid_json','information':'text frame is not valid JSON'}",
                "{'command':'error','definition':'invalid_json','information':'text frame is empty'}",
                "{'command':'error','definition':'invalid_json','information':'text frame is not valid JSON'}");
    }

    @Test
    void jsonThatIsNotAnObjectIsNotAJsonObject() {
        client.sendRaw("[1,2]");
        client.sendRaw("\"ping\"");
        client.expect("{'command':'error','definition':'not_a_json_object','information':'message must be a JSON object'}",
                "{'command':'error','definition':'not_a_json_object','information':'message must be a JSON object'}");
    }

    @Test
    void objectWithoutCommandIsMissingCommand() {
        client.send("{'streamId':'s1'}");
        client.send("{'command':42}");
        client.send("{'command':''}");
        String expected = "{'command':'error','definition':'missing_command',"
                + "'information':'message needs a string field \\'command\\''}";
        client.expect(expected, expected, expected);
    }

    @Test
    void wronglyTypedFieldIsInvalidField() {
        client.send("{'command':'publish','streamId':42}");
        client.send("{'command':'play','streamId':'s1','trackList':'all'}");
        client.send("{'command':'publish','streamId':'s2','video':'maybe'}");
        client.expect("{'command':'error','definition':'invalid_field','information':'streamId must be a string'}",
                "{'command':'error','definition':'invalid_field','information':'trackList must be an array of strings'}",
                "{'command':'error','definition':'invalid_field','information':'video must be a boolean'}");
        client.send("{'command':'publish','streamId':'s2'}");
        client.expect("{'command':'start','streamId':'s2'}");
    }

    @Test
    void textLongerThanTheLimitIsMessageTooLong() {
        client.sendRaw("{\"command\":\"ping\",\"pad\":\"" + "x".repeat(1_000) + "\"}");
        client.expect("{'command':'error','definition':'message_too_long',"
                + "'information':'text messages are limited to 1000 characters'}");
    }

    @Test
    void binaryFrameIsBinaryNotSupportedAndAFloodClosesWith1003() {
        client.session.onBinary(10);
        client.expect("{'command':'error','definition':'binary_not_supported',"
                + "'information':'the protocol uses JSON text frames only'}");
        for (int i = 1; i < ProtocolSession.BINARY_FRAMES_BEFORE_CLOSE; i++) {
            client.session.onBinary(10);
        }
        assertThat(client.connection.closeCode()).isZero();
        client.session.onBinary(10);
        assertThat(client.connection.closeCode()).isEqualTo((short) 1003);
        assertThat(client.connection.closeReason()).isEqualTo("binary frames are not supported");
    }

    @Test
    void badInputIsNotSeenByOtherSessions() {
        other.send("{'command':'publish','streamId':'s1'}");
        other.drain();
        client.sendRaw("{{{");
        client.session.onBinary(3);
        client.send("{'command':'stop','streamId':'s1'}");
        other.expectNothing();
    }

    @Test
    void notifyShutdownTellsEverySession() {
        app.notifyShutdown();
        client.expect("{'command':'notification','definition':'server_will_stop'}");
        other.expect("{'command':'notification','definition':'server_will_stop'}");
    }

    @Test
    void sessionCountIsExact() {
        assertThat(app.sessionCount()).isEqualTo(2);
        Client third = new Client(app, "c:3");
        assertThat(app.sessionCount()).isEqualTo(3);
        third.close();
        third.close();
        client.close();
        assertThat(app.sessionCount()).isEqualTo(1);
    }

    @Test
    void closedSessionIgnoresLateFrames() {
        client.close();
        client.send("{'command':'publish','streamId':'s1'}");
        client.expectNothing();
        other.send("{'command':'publish','streamId':'s1'}");
        other.expect("{'command':'start','streamId':'s1'}");
    }

    @Test
    void allRegistriesAreEmptyAfterEverySocketClosed() {
        client.send("{'command':'publish','streamId':'s1','mainTrack':'r'}");
        client.send("{'command':'joinRoom','room':'r2'}");
        client.send("{'command':'join','streamId':'p'}");
        other.send("{'command':'join','streamId':'p'}");
        other.send("{'command':'joinRoom','room':'r','streamId':'o'}");
        client.close();
        other.close();
        assertThat(app.registrySizes()).containsOnly(
                java.util.Map.entry("publications", 0), java.util.Map.entry("playbacks", 0),
                java.util.Map.entry("pairs", 0), java.util.Map.entry("rooms", 0), java.util.Map.entry("memberIds", 0));
    }
}
