package dev.osprey.loadtest.peer;

import dev.osprey.loadtest.LoadTestOptions.Codec;
import dev.osprey.loadtest.media.MediaClip;
import dev.osprey.loadtest.signal.JanusMessages;
import dev.osprey.loadtest.signal.JanusMessages.Incoming;
import dev.osprey.loadtest.signal.SignalingSocket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publisher side for Janus: over one control session it creates an RTP mountpoint per stream
 * ({@code --janus-mountpoint + i}, video on {@code --janus-rtp-port + 4i}, audio two ports above),
 * then feeds each with the looped clip as plain RTP over UDP, which is how a Janus streaming
 * mountpoint takes its input. The mountpoints are destroyed at the end.
 */
public final class JanusFeeder {
    private static final Logger LOG = LoggerFactory.getLogger(JanusFeeder.class);

    private final PeerEnvironment env;
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("janus-rtp").factory());
    private final AtomicInteger created = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final List<DatagramChannel> channels = new ArrayList<>();
    private volatile SignalingSocket socket;
    private volatile long session;
    private volatile long handle;

    public JanusFeeder(PeerEnvironment env) {
        this.env = env;
    }

    public void start() {
        env.stats.publishersStarted.addAndGet(env.options.streams());
        SignalingSocket.open(env.http, env.options.url(), JanusMessages.SUBPROTOCOL, Duration.ofSeconds(10),
                        this::onMessage, reason -> LOG.debug("control session: {}", reason))
                .whenComplete((s, error) -> {
                    if (error != null) {
                        failAll("WebSocket did not open: " + error.getMessage());
                        return;
                    }
                    socket = s;
                    s.send(JanusMessages.create(JanusViewer.transaction()));
                });
    }

    /** True once every mountpoint was created or refused. */
    public boolean ready() {
        return created.get() + failed.get() >= env.options.streams();
    }

    private void onMessage(String text) {
        switch (JanusMessages.parse(text)) {
            case Incoming.Success s when session == 0 -> {
                session = s.id();
                env.timer.scheduleAtFixedRate(() -> socket.send(JanusMessages.keepalive(JanusViewer.transaction(),
                        session)), 25, 25, TimeUnit.SECONDS);
                socket.send(JanusMessages.attach(JanusViewer.transaction(), session));
            }
            case Incoming.Success s when handle == 0 -> {
                handle = s.id();
                String codec = env.options.codec().name().toLowerCase(Locale.ROOT);
                int videoPt = env.options.codec() == Codec.VP8 ? SessionSdp.VP8_PT : SessionSdp.H264_PT;
                for (int i = 0; i < env.options.streams(); i++) {
                    int port = env.options.janusRtpPortBase() + 4 * i;
                    socket.send(JanusMessages.createRtpMountpoint(JanusViewer.transaction(), session, handle,
                            env.options.janusMountpointBase() + i, env.options.streamId(i), codec, videoPt, port,
                            SessionSdp.OPUS_PT, port + 2));
                }
            }
            case Incoming.Success s -> onCreated(s.pluginData().path("stream").path("id").asLong(-1),
                    s.pluginData().path("error").asText(null));
            case Incoming.Error e -> failAll("Janus error " + e.code() + " " + e.reason());
            default -> {
            }
        }
    }

    private void onCreated(long id, String error) {
        int index = (int) (id - env.options.janusMountpointBase());
        if (error != null || index < 0 || index >= env.options.streams()) {
            failed.incrementAndGet();
            env.stats.publishersFailed.incrementAndGet();
            env.stats.failures.add("mountpoint: " + (error == null ? "unexpected reply" : error));
            return;
        }
        try {
            feed(index);
            created.incrementAndGet();
            env.stats.publishersLive.incrementAndGet();
        } catch (IOException e) {
            failed.incrementAndGet();
            env.stats.publishersFailed.incrementAndGet();
            env.stats.failures.add("mountpoint " + id + ": " + e.getMessage());
        }
    }

    private void feed(int index) throws IOException {
        String host = env.options.url().getHost();
        int port = env.options.janusRtpPortBase() + 4 * index;
        InetSocketAddress video = new InetSocketAddress(host, port);
        InetSocketAddress audio = new InetSocketAddress(host, port + 2);
        DatagramChannel channel = DatagramChannel.open();
        synchronized (channels) {
            channels.add(channel);
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        MediaClip clip = env.clip;
        int videoPt = env.options.codec() == Codec.VP8 ? SessionSdp.VP8_PT : SessionSdp.H264_PT;
        // Video and audio go to different ports: the sink picks the port from the payload type.
        PublisherMedia media = new PublisherMedia(clip, videoPt, SessionSdp.OPUS_PT, random.nextInt(),
                random.nextInt(), (buf, off, len) -> {
                    try {
                        boolean isAudio = (buf[off + 1] & 0x7F) == SessionSdp.OPUS_PT;
                        return channel.send(ByteBuffer.wrap(buf, off, len), isAudio ? audio : video) == len;
                    } catch (IOException e) {
                        return false;
                    }
                }, env.stats, env.tags[index]);
        sender.scheduleAtFixedRate(media::sendVideoFrame, 0, 1_000_000L / clip.fps(), TimeUnit.MICROSECONDS);
        sender.scheduleAtFixedRate(media::sendAudioFrame, 0, MediaClip.AUDIO_FRAME_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void failAll(String reason) {
        int missing = env.options.streams() - created.get() - failed.get();
        if (missing > 0) {
            failed.addAndGet(missing);
            env.stats.publishersFailed.addAndGet(missing);
            env.stats.failures.add("mountpoints: " + reason);
        }
    }

    /** Stops feeding, destroys the mountpoints and the session. */
    public void stop() {
        sender.shutdownNow();
        synchronized (channels) {
            for (DatagramChannel c : channels) {
                try {
                    c.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
        }
        SignalingSocket s = socket;
        if (s != null) {
            for (int i = 0; i < created.get(); i++) {
                s.send(JanusMessages.destroyMountpoint(JanusViewer.transaction(), session, handle,
                        env.options.janusMountpointBase() + i));
            }
            s.send(JanusMessages.destroy(JanusViewer.transaction(), session));
            s.close();
        }
        env.stats.publishersLive.set(0);
    }
}
