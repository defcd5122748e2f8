package dev.osprey.signaling;

import dev.osprey.signaling.media.MediaLeg;
import dev.osprey.signaling.media.MediaListener;
import dev.osprey.signaling.media.MediaRefusedException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Encoders and WHIP/WHEP peers bridged into the signalling: the same rules as a WebSocket client's. */
class BridgedClientTest {

    private final FakeMediaEngine engine = new FakeMediaEngine();
    private final List<String> started = new CopyOnWriteArrayList<>();
    private final SignalingApplication app = new SignalingApplication("LiveApp", SignalingConfig.defaults(), engine,
            new SignalingEvents() {
                @Override
                public void publishStarted(String streamId, String name, String metaData, String publishType) {
                    started.add(streamId + "/" + name + "/" + publishType);
                }
            }, AccessGuard.ALLOW_ALL);

    /** Everything a bridged client is told, in order, as text. */
    private static final class Recorder implements BridgedClient.Events {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void granted(String streamId) {
            events.add("granted " + streamId);
        }

        @Override
        public void localDescription(String streamId, String type, String sdp) {
            events.add(type + " " + streamId + " " + sdp);
        }

        @Override
        public void started(String streamId) {
            events.add("started " + streamId);
        }

        @Override
        public void refused(String streamId, String definition) {
            events.add("refused " + streamId + " " + definition);
        }

        @Override
        public void finished(String streamId) {
            events.add("finished " + streamId);
        }
    }

    /** A frame source's leg: records its listener so the test can play the engine. */
    private static final class SourceLeg implements MediaLeg {
        final AtomicReference<MediaListener> listener = new AtomicReference<>();
        volatile boolean closed;

        MediaLeg start(MediaListener l) {
            listener.set(l);
            return this;
        }

        @Override
        public void remoteDescription(String type, String sdp) {
        }

        @Override
        public void remoteCandidate(Integer label, String mid, String candidate) {
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private BridgedClient bridge(String type, String address, Recorder recorder) {
        return app.bridge(type, address, Runnable::run, recorder);
    }

    @Test
    void anEncodersPublishIsGrantedThenLiveWithItsPublishTypeAndEndsWhenItCloses() {
        Recorder encoder = new Recorder();
        BridgedClient client = bridge("RTMP", "10.0.0.1:5000", encoder);
        client.publish("cam1", "Camera", BridgedClient.Credentials.NONE);
        assertThat(encoder.events).containsExactly("granted cam1");

        SourceLeg leg = new SourceLeg();
        client.startMedia("cam1", leg::start);
        leg.listener.get().started();
        assertThat(encoder.events).containsExactly("granted cam1", "started cam1");
        assertThat(started).containsExactly("cam1/Camera/RTMP");

        // a WebSocket viewer plays it like any stream
        Client viewer = new Client(app, "v:1");
        viewer.send("{'command':'play','streamId':'cam1'}");
        assertThat(engine.viewers).containsKey("cam1");

        client.close();
        assertThat(leg.closed).isTrue();
        assertThat(app.sessionCount()).isEqualTo(1);
        assertThat(app.registrySizes().get("publications")).isZero();
    }

    @Test
    void aSecondEncoderForALiveIdIsRefusedWithStreamIdInUse() {
        Recorder first = new Recorder();
        BridgedClient owner = bridge("RTMP", "10.0.0.1:5000", first);
        owner.publish("cam1", null, BridgedClient.Credentials.NONE);
        SourceLeg leg = new SourceLeg();
        owner.startMedia("cam1", leg::start);
        leg.listener.get().started();

        Recorder second = new Recorder();
        bridge("RTMP", "10.0.0.2:5000", second).publish("cam1", null, BridgedClient.Credentials.NONE);
        assertThat(second.events).containsExactly("refused cam1 streamIdInUse");
        // and so is a WebSocket publisher
        Client browser = new Client(app, "10.0.0.3:1");
        browser.send("{'command':'publish','streamId':'cam1'}");
        browser.expect("{'command':'error','definition':'streamIdInUse','streamId':'cam1'}");
    }

    @Test
    void aRefusedMediaStartIsReportedAndTheRestStopEndsThePublish() {
        Recorder encoder = new Recorder();
        BridgedClient client = bridge("SRT", "10.0.0.1:5000", encoder);
        client.publish("s1", null, BridgedClient.Credentials.NONE);
        client.startMedia("s1", listener -> {
            throw new MediaRefusedException("unsupported_codec", "no video");
        });
        assertThat(encoder.events).containsExactly("granted s1", "refused s1 unsupported_codec");

        client.stop("s1");
        client.publish("s2", null, BridgedClient.Credentials.NONE);
        SourceLeg leg = new SourceLeg();
        client.startMedia("s2", leg::start);
        leg.listener.get().started();
        assertThat(app.stopPublish("s2")).isTrue();
        assertThat(encoder.events).endsWith("started s2", "finished s2");
        assertThat(leg.closed).isTrue();
    }

    @Test
    void aWhipOfferIsAnsweredThroughItsMediaStartAndAWhepPlayGetsTheEnginesAnswer() {
        Recorder whip = new Recorder();
        BridgedClient publisher = bridge(SignalingApplication.WEBRTC, "10.0.0.1:5000", whip);
        publisher.publish("s1", null, BridgedClient.Credentials.NONE);
        publisher.startMedia("s1", listener -> engine.publish("s1", "whip-offer", true, true, listener));
        assertThat(whip.events).containsExactly("granted s1", "answer s1 answer-for-s1");
        engine.publishers.get("s1").listener.started();
        assertThat(started).containsExactly("s1/s1/WebRTC");

        Recorder whep = new Recorder();
        BridgedClient player = bridge(SignalingApplication.WEBRTC, "10.0.0.2:5000", whep);
        SourceLeg viewerLeg = new SourceLeg();
        player.play("s1", BridgedClient.Credentials.NONE, listener -> {
            listener.localDescription("answer", "whep-answer", null);
            return viewerLeg.start(listener);
        });
        assertThat(whep.events).containsExactly("answer s1 whep-answer");
        assertThat(app.viewerCount("s1")).isEqualTo(1);
        viewerLeg.listener.get().started();
        assertThat(whep.events).endsWith("started s1");

        player.play("missing", BridgedClient.Credentials.NONE, listener -> {
            throw new AssertionError("a stream that is not live has nothing to play");
        });
        assertThat(whep.events).endsWith("refused missing no_stream_exist");
        player.close();
        assertThat(app.viewerCount("s1")).isZero();
        assertThat(viewerLeg.closed).isTrue();
    }
}
