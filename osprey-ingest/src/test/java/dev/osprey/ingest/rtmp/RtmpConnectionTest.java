package dev.osprey.ingest.rtmp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A real encoder (Debian's {@code ffmpeg}: libx264 + AAC in FLV) publishing to the connection. */
class RtmpConnectionTest {
    private final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final List<Recorder> connections = new CopyOnWriteArrayList<>();
    private RtmpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
    }

    @Test
    @Timeout(60)
    void ffmpegPublishesH264AndAacThatArriveAsFlvTagsUntilItStops() throws Exception {
        start(true);

        Process ffmpeg = ffmpeg("rtmp://127.0.0.1:" + server.port() + "/LiveApp/stream1?token=abc", 2);

        assertThat(ffmpeg.waitFor(45, TimeUnit.SECONDS)).isTrue();
        assertThat(ffmpeg.exitValue()).as(new String(ffmpeg.getErrorStream().readAllBytes())).isZero();
        Recorder r = connections.get(0);
        String reason = r.closed.get(10, TimeUnit.SECONDS);
        assertThat(reason).isEqualTo("unpublished by the encoder");
        PublishRequest request = r.request.get();
        assertThat(request.application()).isEqualTo("LiveApp");
        assertThat(request.streamName()).isEqualTo("stream1");
        assertThat(request.query()).isEqualTo("token=abc");
        assertThat(r.metadata).containsEntry("width", 320.0).containsEntry("height", 240.0);
        // The first video tag is the AVC sequence header (keyframe, AVC, packet type 0), then NAL units.
        assertThat(r.video.get(0)[0]).isEqualTo((byte) 0x17);
        assertThat(r.video.get(0)[1]).isEqualTo((byte) 0);
        assertThat(r.video.get(1)[1]).isEqualTo((byte) 1);
        assertThat(r.video).hasSizeGreaterThanOrEqualTo(40); // 2 s at 25 frames/s, give or take the ends
        // Audio: AAC (sound format 10), the AudioSpecificConfig first.
        assertThat((r.audio.get(0)[0] & 0xFF) >>> 4).isEqualTo(10);
        assertThat(r.audio.get(0)[1]).isEqualTo((byte) 0);
        assertThat(r.audio).hasSizeGreaterThan(50);
        assertThat(r.lastVideoTimestamp).isBetween(1_800L, 2_200L);
    }

    @Test
    @Timeout(60)
    void aRefusedPublishClosesTheConnectionAndTheEncoderFails() throws Exception {
        start(false);

        Process ffmpeg = ffmpeg("rtmp://127.0.0.1:" + server.port() + "/LiveApp/stream2", 10);

        assertThat(ffmpeg.waitFor(45, TimeUnit.SECONDS)).isTrue();
        assertThat(ffmpeg.exitValue()).isNotZero();
        Recorder r = connections.get(0);
        assertThat(r.closed.get(10, TimeUnit.SECONDS)).isEqualTo("publish refused: not allowed here");
        assertThat(r.video).isEmpty();
    }

    @Test
    @Timeout(30)
    void garbageInsteadOfAHandshakeClosesOnlyThatConnection() throws Exception {
        start(true);
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.getOutputStream().write(new byte[1537]); // version 0
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
        assertThat(connections.get(0).closed.get(10, TimeUnit.SECONDS)).startsWith("protocol error: RTMP version 0");
    }

    private void start(boolean accept) throws InterruptedException {
        server = RtmpServer.start(new InetSocketAddress("127.0.0.1", 0), group, NioServerSocketChannel.class, () -> {
            Recorder r = new Recorder(accept);
            connections.add(r);
            return r;
        });
    }

    private static Process ffmpeg(String url, int seconds) throws IOException {
        return new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-re",
                "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
                "-t", Integer.toString(seconds), "-c:v", "libx264", "-preset", "ultrafast", "-g", "25",
                "-c:a", "aac", "-f", "flv", url)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static final class Recorder implements RtmpListener {
        final boolean accept;
        final CompletableFuture<PublishRequest> request = new CompletableFuture<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();
        final List<byte[]> video = new CopyOnWriteArrayList<>();
        final List<byte[]> audio = new CopyOnWriteArrayList<>();
        volatile Map<String, Object> metadata = Map.of();
        volatile long lastVideoTimestamp;

        Recorder(boolean accept) {
            this.accept = accept;
        }

        @Override
        public void onPublishRequest(PublishRequest r) {
            request.complete(r);
            if (accept) {
                r.accept();
            } else {
                r.refuse("not allowed here");
            }
        }

        @Override
        public void onMetadata(Map<String, Object> m) {
            metadata = m;
        }

        @Override
        public void onAudio(long timestamp, byte[] tag) {
            audio.add(tag);
        }

        @Override
        public void onVideo(long timestamp, byte[] tag) {
            video.add(tag);
            lastVideoTimestamp = timestamp;
        }

        @Override
        public void onClosed(String reason) {
            closed.complete(reason);
        }
    }
}
