package dev.osprey.signaling;

import dev.osprey.signaling.media.MediaRefusedException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A publish may hold its stream id only until its offer is accepted or the publish timeout passes. */
class PublishDeadlineTest {

    private static final long TIMEOUT = 10_000;

    private final ManualTimer timer = new ManualTimer();
    private final FakeMediaEngine engine = new FakeMediaEngine();
    private final SignalingApplication app = new SignalingApplication("LiveApp",
            SignalingConfig.defaults().withPublishTimeoutMs(TIMEOUT), engine, SignalingEvents.NONE,
            AccessGuard.ALLOW_ALL, timer);
    private final Client publisher = new Client(app, "p:1");
    private final Client other = new Client(app, "o:1");

    @Test
    void aPublishThatNeverSendsItsOfferEndsWithPublishTimeoutErrorAndFreesItsId() {
        publisher.send("{'command':'publish','streamId':'s1'}");
        publisher.expect("{'command':'start','streamId':'s1'}");

        timer.advance(TIMEOUT - 1);
        publisher.expectNothing();
        other.send("{'command':'publish','streamId':'s1'}");
        other.expect("{'command':'error','definition':'streamIdInUse','streamId':'s1'}");

        timer.advance(1);
        publisher.expect("{'command':'error','definition':'publishTimeoutError','streamId':'s1',"
                        + "'information':'no offer was accepted within 10000 ms'}",
                "{'command':'notification','definition':'publish_finished','streamId':'s1'}");
        assertThat(app.registrySizes()).containsEntry("publications", 0);

        other.send("{'command':'publish','streamId':'s1'}");
        other.expect("{'command':'start','streamId':'s1'}");
    }

    @Test
    void aPublishWhoseOfferWasAcceptedOutlivesTheDeadline() {
        publisher.send("{'command':'publish','streamId':'s1'}");
        publisher.send("{'command':'takeConfiguration','streamId':'s1','type':'offer','sdp':'o'}");
        publisher.drain();

        assertThat(timer.pending()).isZero();
        timer.advance(2 * TIMEOUT);
        publisher.expectNothing();
        assertThat(app.registrySizes()).containsEntry("publications", 1);
        assertThat(engine.publishers.get("s1").closes).isZero();
    }

    @Test
    void aPublishWhoseOffersWereAllRefusedEndsAtTheDeadline() {
        engine.refusePublishWith = new MediaRefusedException("notSetRemoteDescription", "no codec in common");
        publisher.send("{'command':'publish','streamId':'s1'}");
        publisher.send("{'command':'takeConfiguration','streamId':'s1','type':'offer','sdp':'o'}");
        publisher.drain();

        timer.advance(TIMEOUT);
        assertThat(publisher.drain()).extracting(m -> m.get("definition").asText())
                .containsExactly("publishTimeoutError", "publish_finished");
        assertThat(app.registrySizes()).containsEntry("publications", 0);
    }

    @Test
    void anEarlierPublishsDeadlineDoesNotEndALaterPublishOfTheSameId() {
        publisher.send("{'command':'publish','streamId':'s1'}");
        publisher.send("{'command':'stop','streamId':'s1'}");
        timer.advance(TIMEOUT / 2);
        publisher.send("{'command':'publish','streamId':'s1'}");
        publisher.drain();

        timer.advance(TIMEOUT / 2); // the first publish's deadline, cancelled by its stop
        publisher.expectNothing();
        timer.advance(TIMEOUT / 2);
        assertThat(publisher.drain()).extracting(m -> m.get("definition").asText())
                .containsExactly("publishTimeoutError", "publish_finished");
    }

    @Test
    void closingTheSocketCancelsTheDeadline() {
        publisher.send("{'command':'publish','streamId':'s1'}");
        publisher.close();

        assertThat(timer.pending()).isZero();
        timer.advance(TIMEOUT);
        publisher.drain();
        assertThat(app.registrySizes().values()).containsOnly(0);
    }

    @Test
    void viewersKeptForATakeOverAreReleasedWhenTheNewPublisherTimesOut() {
        publisher.send("{'command':'publish','streamId':'s1'}");
        publisher.send("{'command':'takeConfiguration','streamId':'s1','type':'offer','sdp':'o'}");
        FakeMediaEngine.FakeLeg oldLeg = engine.publishers.get("s1");
        oldLeg.listener.started();
        Client viewer = new Client(app, "v:1");
        viewer.send("{'command':'play','streamId':'s1'}");
        viewer.drain();
        oldLeg.receiving = false; // the old publisher's media stopped: a new publish may take the stream over

        Client reconnected = new Client(app, "p:2");
        reconnected.send("{'command':'publish','streamId':'s1'}");
        reconnected.expect("{'command':'start','streamId':'s1'}");
        timer.advance(TIMEOUT);

        assertThat(reconnected.drain()).extracting(m -> m.get("definition").asText())
                .containsExactly("publishTimeoutError", "publish_finished");
        viewer.expect("{'command':'notification','definition':'play_finished','streamId':'s1'}");
        assertThat(engine.viewers.get("s1").closes).isEqualTo(1);
        assertThat(app.registrySizes()).containsEntry("publications", 0).containsEntry("playbacks", 0);
    }
}
