package dev.osprey.signaling;

import dev.osprey.signaling.media.MediaRefusedException;
import dev.osprey.signaling.media.StreamDetails;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Publish and play through the media SPI, with a fake engine playing the media plane's part. */
class MediaEngineSignalingTest {

    private final FakeMediaEngine engine = new FakeMediaEngine();
    private final SignalingApplication app = new SignalingApplication("LiveApp", SignalingConfig.defaults(), engine);
    private final Client publisher = new Client(app, "p:1");
    private final Client viewer = new Client(app, "v:1");

    private FakeMediaEngine.FakeLeg publishLive(String streamId) {
        publisher.send("{'command':'publish','streamId':'" + streamId + "','video':'false','enableaudio':'true'}");
        publisher.send("{'command':'takeConfiguration','streamId':'" + streamId + "','type':'offer','sdp':'offer-sdp'}");
        FakeMediaEngine.FakeLeg leg = engine.publishers.get(streamId);
        leg.listener.started();
        publisher.drain();
        return leg;
    }

    @Test
    void publishOfferIsAnsweredAndCandidatesFlowBothWays() {
        publisher.send("{'command':'publish','streamId':'s1','video':'false','enableaudio':'true'}");
        publisher.send("{'command':'takeConfiguration','streamId':'s1','type':'offer','sdp':'offer-sdp'}");
        publisher.expect("{'command':'start','streamId':'s1'}",
                "{'command':'takeConfiguration','streamId':'s1','type':'answer','sdp':'answer-for-s1'}");
        FakeMediaEngine.FakeLeg leg = engine.publishers.get("s1");
        assertThat(leg.offer).isEqualTo("offer-sdp");
        assertThat(leg.video).isFalse();
        assertThat(leg.audio).isTrue();

        publisher.send("{'command':'takeCandidate','streamId':'s1','label':'1','id':'1','candidate':'candidate:x udp'}");
        publisher.send("{'command':'takeCandidate','streamId':'s1','label':null,'id':null,'candidate':''}");
        assertThat(leg.remoteCandidates).containsExactly("1/1/candidate:x udp", "null/null/");

        leg.listener.localCandidate(0, "0", "candidate:server udp");
        publisher.expect("{'command':'takeCandidate','streamId':'s1','label':0,'id':'0','candidate':'candidate:server udp'}");

        leg.listener.started();
        publisher.expect("{'command':'notification','definition':'publish_started','streamId':'s1'}");
    }

    @Test
    void liveStreamCanBePlayedAndTheAnswerReachesTheEngine() {
        publishLive("s1");
        viewer.send("{'command':'play','streamId':'s1','trackList':['a','!b']}");
        viewer.expect("{'command':'takeConfiguration','streamId':'s1','type':'offer','sdp':'offer-for-s1',"
                + "'idMapping':{'0':'ARDAMSvs1'}}");
        FakeMediaEngine.FakeLeg leg = engine.viewers.get("s1");
        assertThat(leg.trackList).containsExactly("a", "!b");

        viewer.send("{'command':'takeConfiguration','streamId':'s1','type':'answer','sdp':'answer-sdp'}");
        assertThat(leg.remoteDescriptions).containsExactly("answer:answer-sdp");
        leg.listener.started();
        viewer.expect("{'command':'notification','definition':'play_started','streamId':'s1'}");

        viewer.send("{'command':'play','streamId':'s1'}");
        viewer.expect("{'command':'error','definition':'already_playing','streamId':'s1'}");

        viewer.send("{'command':'getStreamInfo','streamId':'s1'}");
        viewer.expect("{'command':'streamInformation','streamId':'s1','streamInfo':[]}");
    }

    @Test
    void theEnginesReOfferOfAPlayReachesTheViewerAndEachAnswerReachesTheLeg() {
        publishLive("s1");
        viewer.send("{'command':'play','streamId':'s1'}");
        viewer.drain();
        FakeMediaEngine.FakeLeg leg = engine.viewers.get("s1");
        viewer.send("{'command':'takeConfiguration','streamId':'s1','type':'answer','sdp':'answer-1'}");
        leg.listener.started();
        viewer.drain();

        leg.listener.localDescription("offer", "re-offer", Map.of("0", "ARDAMSas1"));
        viewer.expect("{'command':'takeConfiguration','streamId':'s1','type':'offer','sdp':'re-offer',"
                + "'idMapping':{'0':'ARDAMSas1'}}");
        viewer.send("{'command':'takeConfiguration','streamId':'s1','type':'answer','sdp':'answer-2'}");
        assertThat(leg.remoteDescriptions).containsExactly("answer:answer-1", "answer:answer-2");
        assertThat(leg.closes).isZero();
        assertThat(engine.viewers).hasSize(1);
    }

    @Test
    void publisherStopEndsItsViewers() {
        FakeMediaEngine.FakeLeg publishLeg = publishLive("s1");
        viewer.send("{'command':'play','streamId':'s1'}");
        viewer.drain();
        FakeMediaEngine.FakeLeg viewLeg = engine.viewers.get("s1");

        publisher.send("{'command':'stop','streamId':'s1'}");
        publisher.expect("{'command':'notification','definition':'publish_finished','streamId':'s1'}");
        viewer.expect("{'command':'notification','definition':'play_finished','streamId':'s1'}");
        assertThat(publishLeg.closes).isEqualTo(1);
        assertThat(viewLeg.closes).isEqualTo(1);

        viewLeg.listener.started();
        publishLeg.listener.localCandidate(0, "0", "late");
        viewer.expectNothing();
        publisher.expectNothing();
    }

    @Test
    void viewerStopAnswersPlayFinished() {
        publishLive("s1");
        viewer.send("{'command':'play','streamId':'s1'}");
        viewer.drain();
        viewer.send("{'command':'stop','streamId':'s1'}");
        viewer.expect("{'command':'notification','definition':'play_finished','streamId':'s1'}");
        assertThat(engine.viewers.get("s1").closes).isEqualTo(1);
    }

    @Test
    void engineEndingAPublishFreesTheId() {
        FakeMediaEngine.FakeLeg leg = publishLive("s1");
        leg.listener.ended();
        publisher.expect("{'command':'notification','definition':'publish_finished','streamId':'s1'}");
        viewer.send("{'command':'publish','streamId':'s1'}");
        viewer.expect("{'command':'start','streamId':'s1'}");
    }

    @Test
    void refusedPlayIsAnErrorAndLeavesNoPlayback() {
        publishLive("s1");
        engine.refusePlayWith = "viewerLimitReached";
        viewer.send("{'command':'play','streamId':'s1'}");
        viewer.expect("{'command':'error','definition':'viewerLimitReached','streamId':'s1'}");
        engine.refusePlayWith = null;
        viewer.send("{'command':'play','streamId':'s1'}");
        assertThat(viewer.single().get("type").textValue()).isEqualTo("offer");
    }

    @Test
    void socketCloseClosesEveryLegAndViewersAreTold() {
        FakeMediaEngine.FakeLeg publishLeg = publishLive("s1");
        viewer.send("{'command':'play','streamId':'s1'}");
        viewer.drain();
        publisher.close();
        viewer.expect("{'command':'notification','definition':'play_finished','streamId':'s1'}");
        assertThat(publishLeg.closes).isEqualTo(1);
        assertThat(engine.viewers.get("s1").closes).isEqualTo(1);
        publisher.expectNothing();
    }

    @Test
    void aRoomIsPlayableOnceItHasAParticipant() {
        viewer.send("{'command':'play','streamId':'room1'}");
        viewer.expect("{'command':'error','definition':'no_stream_exist','streamId':'room1','error_code':'404'}");
        publisher.send("{'command':'publish','streamId':'p1','mainTrack':'room1'}");
        viewer.send("{'command':'play','streamId':'room1','room':'room1','trackList':['!me']}");
        viewer.expect("{'command':'takeConfiguration','streamId':'room1','type':'offer','sdp':'room-offer-for-room1',"
                + "'idMapping':{}}");
        assertThat(engine.rooms.get("room1").current()).isEmpty();
        publisher.send("{'command':'takeConfiguration','streamId':'p1','type':'offer','sdp':'o'}");
        engine.publishers.get("p1").listener.started();
        viewer.expect("{'command':'notification','definition':'subtrackAdded','streamId':'room1','trackId':'p1'}");
        assertThat(engine.rooms.get("room1").current()).containsExactly("p1");
    }

    @Test
    void broadcastObjectOfALiveStreamIsBroadcasting() {
        publishLive("s1");
        viewer.send("{'command':'play','streamId':'s1'}");
        viewer.drain();
        viewer.send("{'command':'getBroadcastObject','streamId':'s1'}");
        var broadcast = RecordingConnection.parse(viewer.single().get("broadcast").textValue());
        assertThat(broadcast.get("status").textValue()).isEqualTo("broadcasting");
        assertThat(broadcast.get("startTime").longValue()).isPositive();
        assertThat(broadcast.get("webRTCViewerCount").intValue()).isEqualTo(1);
    }

    @Test
    void streamInfoAndBitrateMeasurementsComeFromTheEngine() {
        publishLive("s1");
        engine.details = new StreamDetails(640, 480, 1_200_000, 48_000, "VP8");
        viewer.send("{'command':'getStreamInfo','streamId':'s1'}");
        viewer.expect("{'command':'streamInformation','streamId':'s1','streamInfo':[{'streamWidth':640,"
                + "'streamHeight':480,'videoBitrate':1200000,'audioBitrate':48000,'videoCodec':'VP8'}]}");

        viewer.send("{'command':'play','streamId':'s1'}");
        viewer.drain();
        engine.viewers.get("s1").listener.bitrateMeasurement(2_000_000, 1_100_000, 40_000);
        viewer.expect("{'command':'notification','definition':'bitrateMeasurement','streamId':'s1',"
                + "'targetBitrate':2000000,'videoBitrate':1100000,'audioBitrate':40000}");
    }

    @Test
    void aPublishersReOfferGoesToItsLegAndARefusalIsNotSetRemoteDescription() {
        FakeMediaEngine.FakeLeg leg = publishLive("s1");
        publisher.send("{'command':'takeConfiguration','streamId':'s1','type':'offer','sdp':'re-offer'}");
        assertThat(leg.remoteDescriptions).containsExactly("offer:re-offer");
        assertThat(engine.publishers).hasSize(1); // the running leg renegotiates, no second publish

        leg.listener.localDescription("answer", "re-answer", null);
        publisher.expect("{'command':'takeConfiguration','streamId':'s1','type':'answer','sdp':'re-answer'}");
        leg.listener.renegotiationFailed("renegotiation refused: the re-offer has no BUNDLE group");
        publisher.expect("{'command':'error','definition':'notSetRemoteDescription','streamId':'s1',"
                + "'information':'renegotiation refused: the re-offer has no BUNDLE group'}");
        assertThat(leg.closes).isZero();
        viewer.send("{'command':'play','streamId':'s1'}");
        viewer.expect("{'command':'takeConfiguration','streamId':'s1','type':'offer','sdp':'offer-for-s1',"
                + "'idMapping':{'0':'ARDAMSvs1'}}");
    }

    @Test
    void aRefusedOfferIsReportedWithTheEnginesReason() {
        engine.refusePublishWith = new MediaRefusedException("notSetRemoteDescription", "no acceptable codec");
        publisher.send("{'command':'publish','streamId':'s1'}");
        publisher.send("{'command':'takeConfiguration','streamId':'s1','type':'offer','sdp':'offer-sdp'}");
        publisher.expect("{'command':'start','streamId':'s1'}",
                "{'command':'error','definition':'notSetRemoteDescription','streamId':'s1','information':'no acceptable codec'}");
    }

    @Test
    void anEngineSayingNoStreamIsReportedAsNoStreamExist() {
        publishLive("s1");
        engine.refusePlayWith = "no_stream_exist";
        viewer.send("{'command':'play','streamId':'s1'}");
        viewer.expect("{'command':'error','definition':'no_stream_exist','streamId':'s1','error_code':'404'}");
    }

    @Test
    void aPublisherWhoseMediaStoppedLosesItsIdToOneThatReconnects() {
        FakeMediaEngine.FakeLeg old = publishLive("s1");
        Client again = new Client(app, "p:2");
        again.send("{'command':'publish','streamId':'s1'}");
        again.expect("{'command':'error','definition':'streamIdInUse','streamId':'s1'}");

        old.receiving = false;
        again.send("{'command':'publish','streamId':'s1'}");
        again.expect("{'command':'start','streamId':'s1'}");
        publisher.expect("{'command':'notification','definition':'publish_finished','streamId':'s1'}");
        assertThat(old.closes).isEqualTo(1);
        assertThat(old.closedForTakeover).isTrue();
    }

    @Test
    void aReconnectingPublisherThatContinuesTheStreamGetsSessionRestoredAndItsViewersPlayOn() {
        FakeMediaEngine.FakeLeg old = publishLive("s1");
        viewer.send("{'command':'play','streamId':'s1'}");
        viewer.drain();
        FakeMediaEngine.FakeLeg viewLeg = engine.viewers.get("s1");
        viewLeg.listener.started();
        viewer.expect("{'command':'notification','definition':'play_started','streamId':'s1'}");

        old.receiving = false;
        Client again = new Client(app, "p:2");
        again.send("{'command':'publish','streamId':'s1'}");
        again.send("{'command':'takeConfiguration','streamId':'s1','type':'offer','sdp':'offer-sdp'}");
        FakeMediaEngine.FakeLeg next = engine.publishers.get("s1");
        next.listener.streamRestored();
        next.listener.started();
        again.expect("{'command':'start','streamId':'s1'}",
                "{'command':'takeConfiguration','streamId':'s1','type':'answer','sdp':'answer-for-s1'}",
                "{'command':'notification','definition':'publish_started','streamId':'s1'}",
                "{'command':'notification','definition':'session_restored','streamId':'s1'}");
        viewer.expectNothing();
        assertThat(viewLeg.closes).isZero();
        assertThat(old.closedForTakeover).isTrue();

        // the viewers now belong to the new publication: they end with it
        again.send("{'command':'stop','streamId':'s1'}");
        again.expect("{'command':'notification','definition':'publish_finished','streamId':'s1'}");
        viewer.expect("{'command':'notification','definition':'play_finished','streamId':'s1'}");
        assertThat(viewLeg.closes).isEqualTo(1);
    }

    @Test
    void whenTheEngineEndsTheViewersOfATakenOverStreamTheyGetPlayFinished() {
        FakeMediaEngine.FakeLeg old = publishLive("s1");
        viewer.send("{'command':'play','streamId':'s1'}");
        viewer.drain();
        FakeMediaEngine.FakeLeg viewLeg = engine.viewers.get("s1");

        old.receiving = false;
        Client again = new Client(app, "p:2");
        again.send("{'command':'publish','streamId':'s1'}");
        again.send("{'command':'takeConfiguration','streamId':'s1','type':'offer','sdp':'offer-sdp'}");
        // the new tracks do not fit what the viewers were offered: the engine ends them
        viewLeg.listener.ended();
        engine.publishers.get("s1").listener.started();
        viewer.expect("{'command':'notification','definition':'play_finished','streamId':'s1'}");
        again.expect("{'command':'start','streamId':'s1'}",
                "{'command':'takeConfiguration','streamId':'s1','type':'answer','sdp':'answer-for-s1'}",
                "{'command':'notification','definition':'publish_started','streamId':'s1'}");
    }
}
