package dev.osprey.loadtest.peer;

import dev.osprey.loadtest.signal.AmsMessages;
import dev.osprey.loadtest.signal.AmsMessages.Incoming;
import dev.osprey.loadtest.signal.SignalingSocket;
import dev.osprey.webrtc.transport.PeerTransport;
import dev.osprey.webrtc.transport.RemotePeer;
import dev.osprey.webrtc.transport.SdpRejectedException;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A publisher over the Ant Media protocol: {@code publish} → {@code start} → our offer → the server's
 * answer (+ trickled candidates) → ICE/DTLS → the clip looped at the clip's frame rate.
 */
public final class AmsPublisher extends Peer {
    private volatile SessionSdp.Negotiated negotiated;
    private volatile RemotePeer pendingRemote;
    private ScheduledFuture<?> videoTimer;
    private ScheduledFuture<?> audioTimer;
    private int videoSsrc;
    private int audioSsrc;

    public AmsPublisher(PeerEnvironment env, int stream) {
        super(env, stream, false);
    }

    @Override
    public void start() {
        SignalingSocket.open(env.http, env.options.url(), null, Duration.ofSeconds(10), this::onMessage,
                        reason -> fail("signalling: " + reason))
                .whenComplete((s, error) -> {
                    if (error != null) {
                        fail("WebSocket did not open: " + error.getMessage());
                        return;
                    }
                    openedNanos = System.nanoTime();
                    socket = s;
                    s.send(AmsMessages.publish(streamId, true, true));
                });
    }

    private void onMessage(String text) {
        if (!active()) {
            return;
        }
        switch (AmsMessages.parse(text)) {
            case Incoming.Start start when streamId.equals(start.streamId()) -> sendOffer();
            case Incoming.Configuration c when "answer".equals(c.type()) && streamId.equals(c.streamId()) -> {
                try {
                    negotiated = SessionSdp.negotiated(c.sdp(), env.options.codec());
                    RemotePeer remote = dev.osprey.webrtc.transport.TransportSdp.remoteFromAnswer(c.sdp());
                    if (!connect(remote)) {
                        pendingRemote = remote;
                    }
                } catch (SdpRejectedException e) {
                    fail("unusable answer: " + e.getMessage());
                }
            }
            case Incoming.Candidate c -> {
                RemotePeer remote = pendingRemote;
                InetSocketAddress address = SessionSdp.udpCandidate(c.candidate());
                if (remote != null && address != null && connect(SessionSdp.withCandidate(remote, address))) {
                    pendingRemote = null;
                }
            }
            case Incoming.Error e -> fail("server error " + e.definition());
            default -> {
            }
        }
    }

    private void sendOffer() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        videoSsrc = random.nextInt();
        audioSsrc = random.nextInt();
        SessionSdp.PublishOffer offer = SessionSdp.publishOffer(local, streamId, env.options.codec(),
                env.options.dataChannel(), videoSsrc, audioSsrc);
        socket.send(AmsMessages.takeConfiguration(streamId, "offer", offer.sdp()));
    }

    @Override
    protected void onTransportConnected(PeerTransport t) {
        SessionSdp.Negotiated pts = negotiated;
        PublisherMedia media = new PublisherMedia(env.clip, pts.videoPt(), pts.audioPt(), videoSsrc, audioSsrc,
                t::sendRtp, env.stats, env.tags[stream]);
        publisherMedia = media;
        markLive();
        long frameMicros = 1_000_000L / env.clip.fps();
        synchronized (this) {
            if (!active()) {
                return;
            }
            videoTimer = t.eventLoop().scheduleAtFixedRate(media::sendVideoFrame, 0, frameMicros,
                    TimeUnit.MICROSECONDS);
            audioTimer = t.eventLoop().scheduleAtFixedRate(media::sendAudioFrame, 0,
                    dev.osprey.loadtest.media.MediaClip.AUDIO_FRAME_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    protected synchronized void onReleased() {
        if (videoTimer != null) {
            videoTimer.cancel(false);
            audioTimer.cancel(false);
        }
    }

    @Override
    protected void sendGoodbye() {
        socket.send(AmsMessages.stop(streamId));
    }
}
