package dev.osprey.signaling;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The lifecycle events and the access guard the server hooks into an application. */
class SignalingEventsTest {

    private final List<String> events = new CopyOnWriteArrayList<>();
    private final FakeMediaEngine engine = new FakeMediaEngine();
    private final SignalingApplication app = new SignalingApplication("LiveApp", SignalingConfig.defaults(), engine,
            new SignalingEvents() {
                @Override
                public void publishStarted(String streamId, String name, String metaData) {
                    events.add("publishStarted " + streamId + " " + name + " " + metaData);
                }

                @Override
                public void publishFinished(String streamId, boolean wasLive) {
                    events.add("publishFinished " + streamId + " " + wasLive);
                }

                @Override
                public void playStarted(String streamId) {
                    events.add("playStarted " + streamId);
                }

                @Override
                public void playFinished(String streamId) {
                    events.add("playFinished " + streamId);
                }
            }, request -> CompletableFuture.completedFuture(request.streamId().startsWith("forbidden")
                    ? AccessDecision.refused("not_allowed_unregistered_streams") : AccessDecision.GRANTED));
    private final Client publisher = new Client(app, "p:1");
    private final Client viewer = new Client(app, "v:1");

    private void publishLive(String streamId) {
        publisher.send("{'command':'publish','streamId':'" + streamId + "','streamName':'Cam','metaData':'m'}");
        publisher.send("{'command':'takeConfiguration','streamId':'" + streamId + "','type':'offer','sdp':'o'}");
        engine.publishers.get(streamId).listener.started();
    }

    @Test
    void publishAndPlayLifecycleIsReportedInOrder() {
        publishLive("s1");
        viewer.send("{'command':'play','streamId':'s1'}");
        engine.viewers.get("s1").listener.started();
        engine.viewers.get("s1").listener.started(); // a repeated report is not a second viewer
        viewer.send("{'command':'stop','streamId':'s1'}");
        viewer.send("{'command':'play','streamId':'s1'}");
        engine.viewers.get("s1").listener.started();
        publisher.send("{'command':'stop','streamId':'s1'}");

        assertThat(events).containsExactly("publishStarted s1 Cam m", "playStarted s1", "playFinished s1",
                "playStarted s1", "publishFinished s1 true", "playFinished s1");
    }

    @Test
    void publishThatNeverWentLiveEndsWithoutStartAndPlayWithoutMediaIsNotAViewer() {
        publisher.send("{'command':'publish','streamId':'s2'}");
        publisher.close();
        assertThat(events).containsExactly("publishFinished s2 false");
    }

    @Test
    void stopPublishEndsTheStreamAndItsViewers() {
        publishLive("s3");
        viewer.send("{'command':'play','streamId':'s3'}");
        engine.viewers.get("s3").listener.started();
        publisher.drain();
        viewer.drain();

        assertThat(app.stopPublish("s3")).isTrue();
        assertThat(app.stopPublish("s3")).isFalse();
        publisher.expect("{'command':'notification','definition':'publish_finished','streamId':'s3'}");
        viewer.expect("{'command':'notification','definition':'play_finished','streamId':'s3'}");
        assertThat(engine.publishers.get("s3").closes).isEqualTo(1);
        assertThat(engine.viewers.get("s3").closes).isEqualTo(1);
        assertThat(events).endsWith("publishFinished s3 true", "playFinished s3");
    }

    @Test
    void theGuardRefusesUnregisteredStreams() {
        publisher.send("{'command':'publish','streamId':'forbidden1'}");
        publisher.expect("{'command':'error','definition':'not_allowed_unregistered_streams','streamId':'forbidden1'}");
        publisher.send("{'command':'publish','streamId':'allowed1'}");
        publisher.expect("{'command':'start','streamId':'allowed1'}");
        assertThat(events).isEmpty();
    }
}
