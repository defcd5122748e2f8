package dev.osprey.signaling;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The access guard in front of publish, play and joinRoom, including answers that come later. */
class AccessGuardSignalingTest {

    private final FakeMediaEngine engine = new FakeMediaEngine();
    private final List<AccessRequest> requests = new CopyOnWriteArrayList<>();
    private final List<CompletableFuture<AccessDecision>> pending = new CopyOnWriteArrayList<>();
    private final AtomicInteger released = new AtomicInteger();
    /** When true the guard answers later, through {@link #pending}; else at once with {@link #answer}. */
    private volatile boolean deferred;
    private volatile AccessDecision answer = AccessDecision.granted(false, released::incrementAndGet);
    private final SignalingApplication app = new SignalingApplication("LiveApp", SignalingConfig.defaults(), engine,
            SignalingEvents.NONE, request -> {
                requests.add(request);
                if (!deferred) {
                    return CompletableFuture.completedFuture(answer);
                }
                CompletableFuture<AccessDecision> later = new CompletableFuture<>();
                pending.add(later);
                return later;
            });
    private final Client publisher = new Client(app, "10.0.0.1:5000");
    private final Client viewer = new Client(app, "10.0.0.2:6000");

    private FakeMediaEngine.FakeLeg publishLive(Client client, String streamId) {
        client.send("{'command':'publish','streamId':'" + streamId + "'}");
        client.send("{'command':'takeConfiguration','streamId':'" + streamId + "','type':'offer','sdp':'o'}");
        FakeMediaEngine.FakeLeg leg = engine.publishers.get(streamId);
        leg.listener.started();
        client.drain();
        return leg;
    }

    @Test
    void theGuardSeesTheCredentialsAndTheClientAddressOfAPublish() {
        publisher.send("{'command':'publish','streamId':'s1','token':'t1','subscriberId':'sub','subscriberCode':'123456',"
                + "'streamName':'Cam','metaData':'m'}");
        publisher.expect("{'command':'start','streamId':'s1'}");
        assertThat(requests).containsExactly(new AccessRequest(AccessRequest.Kind.PUBLISH, "s1", null, "t1", "sub",
                "123456", "10.0.0.1", "Cam", "m"));
    }

    @Test
    void aRefusedPublishGetsTheGuardsDefinitionAndRegistersNothing() {
        answer = AccessDecision.refused("unauthorized_access");
        publisher.send("{'command':'publish','streamId':'s1','token':'bad'}");
        publisher.expect("{'command':'error','definition':'unauthorized_access','streamId':'s1'}");
        assertThat(app.registrySizes()).containsEntry("publications", 0);
    }

    @Test
    void aPlayIsCheckedWithTheRoomOfTheStreamAndRefusedWithUserBlocked() {
        publisher.send("{'command':'publish','streamId':'s1','mainTrack':'room1'}");
        publisher.send("{'command':'takeConfiguration','streamId':'s1','type':'offer','sdp':'o'}");
        engine.publishers.get("s1").listener.started();
        answer = AccessDecision.refused("user_blocked");
        viewer.send("{'command':'play','streamId':'s1','token':'pt','subscriberId':'v','subscriberCode':'1'}");
        viewer.expect("{'command':'error','definition':'user_blocked','streamId':'s1'}");
        assertThat(requests.getLast()).isEqualTo(new AccessRequest(AccessRequest.Kind.PLAY, "s1", "room1", "pt", "v",
                "1", "10.0.0.2", null, ""));
        assertThat(engine.viewers).isEmpty();
    }

    @Test
    void aPlayOfAStreamThatIsNotLiveIsAnsweredBeforeTheGuardIsAsked() {
        viewer.send("{'command':'play','streamId':'nothing'}");
        viewer.expect("{'command':'error','definition':'no_stream_exist','streamId':'nothing','error_code':'404'}");
        assertThat(requests).isEmpty();
    }

    @Test
    void aLaterAnswerStartsThePublishThen() {
        deferred = true;
        publisher.send("{'command':'publish','streamId':'s1'}");
        publisher.expectNothing();
        pending.getFirst().complete(AccessDecision.GRANTED);
        publisher.expect("{'command':'start','streamId':'s1'}");
    }

    @Test
    void aLaterGrantForASocketThatClosedMeanwhileIsReleasedAndRegistersNothing() {
        deferred = true;
        publisher.send("{'command':'publish','streamId':'s1'}");
        publisher.close();
        pending.getFirst().complete(AccessDecision.granted(true, released::incrementAndGet));
        assertThat(released).hasValue(1);
        assertThat(app.registrySizes()).containsEntry("publications", 0);
    }

    @Test
    void aGuardThatFailsRefusesWithUnauthorizedAccess() {
        deferred = true;
        viewer.send("{'command':'joinRoom','room':'r1'}");
        pending.getFirst().completeExceptionally(new IllegalStateException("webhook down"));
        viewer.expect("{'command':'error','definition':'unauthorized_access','streamId':'r1'}");
    }

    @Test
    void aSocketMayHaveOnlyAFewChecksWaiting() {
        deferred = true;
        for (int i = 0; i < ProtocolSession.MAX_PENDING_ACCESS_CHECKS + 3; i++) {
            publisher.send("{'command':'publish','streamId':'s" + i + "'}");
        }
        assertThat(pending).hasSize(ProtocolSession.MAX_PENDING_ACCESS_CHECKS);
        assertThat(publisher.drain()).hasSize(3)
                .allSatisfy(m -> assertThat(m.path("definition").asText()).isEqualTo("too_many_pending_requests"));
        pending.forEach(p -> p.complete(AccessDecision.GRANTED));
        publisher.send("{'command':'publish','streamId':'after'}");
        assertThat(pending).hasSize(ProtocolSession.MAX_PENDING_ACCESS_CHECKS + 1);
    }

    @Test
    void whatThePublishAndThePlayWereGrantedIsReleasedWhenTheyEnd() {
        publishLive(publisher, "s1");
        viewer.send("{'command':'play','streamId':'s1'}");
        viewer.drain();
        assertThat(released).hasValue(0);
        viewer.send("{'command':'stop','streamId':'s1'}");
        assertThat(released).hasValue(1);
        publisher.close();
        assertThat(released).hasValue(2);
    }

    @Test
    void aStrangerFromAnotherAddressCannotTakeOverAStreamWhoseMediaPaused() {
        FakeMediaEngine.FakeLeg leg = publishLive(publisher, "s1");
        leg.receiving = false;
        Client stranger = new Client(app, "192.0.2.9:4000");
        for (int i = 0; i < 3; i++) {
            stranger.send("{'command':'publish','streamId':'s1'}");
            stranger.expect("{'command':'error','definition':'streamIdInUse','streamId':'s1'}");
        }
        assertThat(leg.closes).isZero();
        publisher.expectNothing();
    }

    @Test
    void theSamePublisherReconnectingFromItsAddressTakesOverItsStalledStream() {
        FakeMediaEngine.FakeLeg leg = publishLive(publisher, "s1");
        leg.receiving = false;
        Client sameMachine = new Client(app, "10.0.0.1:5001");
        sameMachine.send("{'command':'publish','streamId':'s1'}");
        sameMachine.expect("{'command':'start','streamId':'s1'}");
        assertThat(leg.closedForTakeover).isTrue();
    }

    @Test
    void aPublisherWithAValidCredentialTakesOverItsStalledStreamFromAnotherAddress() {
        FakeMediaEngine.FakeLeg leg = publishLive(publisher, "s1");
        leg.receiving = false;
        answer = AccessDecision.granted(true, released::incrementAndGet);
        Client newNetwork = new Client(app, "198.51.100.7:4000");
        newNetwork.send("{'command':'publish','streamId':'s1','token':'good'}");
        newNetwork.expect("{'command':'start','streamId':'s1'}");
        assertThat(leg.closedForTakeover).isTrue();
        assertThat(released).as("the old publication's grant").hasValue(1);
    }

    @Test
    void aLiveStreamIsNotTakenOverEvenWithACredential() {
        publishLive(publisher, "s1");
        answer = AccessDecision.granted(true, released::incrementAndGet);
        Client other = new Client(app, "10.0.0.1:5002");
        other.send("{'command':'publish','streamId':'s1','token':'good'}");
        other.expect("{'command':'error','definition':'streamIdInUse','streamId':'s1'}");
        assertThat(requests).hasSize(1);
    }

    @Test
    void aJoinRoomIsCheckedForTheRoomAndItsGrantReleasedAtOnce() {
        viewer.send("{'command':'joinRoom','room':'r1','streamId':'me','token':'rt'}");
        assertThat(viewer.single().path("definition").asText()).isEqualTo("joinedTheRoom");
        assertThat(requests).containsExactly(new AccessRequest(AccessRequest.Kind.JOIN_ROOM, "me", "r1", "rt", null,
                null, "10.0.0.2", null, ""));
        assertThat(released).hasValue(1);
    }
}
