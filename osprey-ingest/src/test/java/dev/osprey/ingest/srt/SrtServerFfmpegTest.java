package dev.osprey.ingest.srt;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A real caller: Debian's {@code ffmpeg} with libsrt, sending MPEG-TS (H.264 + AAC) to the listener. */
class SrtServerFfmpegTest {
    private static final String PASSPHRASE = "correct-horse-battery";
    @TempDir
    static Path dir;
    private static Path sample;

    private final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final List<Recorder> connections = new CopyOnWriteArrayList<>();
    private SrtServer server;

    @BeforeAll
    static void encodeSample() throws Exception {
        sample = dir.resolve("sample.ts");
        Process p = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error",
                "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25", "-f", "lavfi", "-i", "sine=frequency=440",
                "-t", "3", "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-c:a", "aac",
                "-f", "mpegts", "-y", sample.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
    }

    @Test
    @Timeout(60)
    void anAcceptedCallerDeliversExactlyTheTransportStreamFfmpegWroteAndItsStreamId() throws Exception {
        start(SrtSettings.defaults(), true);
        Path copy = dir.resolve("sent-plain.ts");

        Process ffmpeg = send(copy, "streamid=LiveApp/stream1&latency=120000");

        assertThat(ffmpeg.waitFor(45, TimeUnit.SECONDS)).isTrue();
        assertThat(ffmpeg.exitValue()).as(stderr(ffmpeg)).isZero();
        Recorder r = connections.get(0);
        assertThat(r.closed.get(10, TimeUnit.SECONDS)).isEqualTo("shut down by the caller");
        assertThat(r.request.get().streamId()).isEqualTo("LiveApp/stream1");
        assertThat(r.request.get().encrypted()).isFalse();
        byte[] sent = Files.readAllBytes(copy);
        byte[] received = r.bytes();
        assertValidTransportStream(received);
        assertThat(sent.length).isGreaterThan(100_000);
        assertSameBytes(received, sent);
        assertThat(server.connections()).isZero();
    }

    @Test
    @Timeout(60)
    void onALinkThatLosesOneDataPacketInTwentyTheRetransmissionsMakeTheStreamWhole() throws Exception {
        LossyLink link = new LossyLink(20);
        server = SrtServer.start(new InetSocketAddress("127.0.0.1", 0), group, NioDatagramChannel.class,
                SrtSettings.defaults(), () -> {
                    Recorder r = new Recorder(true);
                    connections.add(r);
                    return r;
                }, link);
        Path copy = dir.resolve("sent-lossy.ts");

        Process ffmpeg = send(copy, "streamid=LiveApp/lossy");

        assertThat(ffmpeg.waitFor(45, TimeUnit.SECONDS)).isTrue();
        assertThat(ffmpeg.exitValue()).as(stderr(ffmpeg)).isZero();
        Recorder r = connections.get(0);
        r.closed.get(10, TimeUnit.SECONDS);
        assertThat(link.dropped).isGreaterThan(5);
        assertSameBytes(r.bytes(), Files.readAllBytes(copy));
    }

    /** Drops every n-th first transmission of a data packet; retransmissions pass. */
    @ChannelHandler.Sharable
    private static final class LossyLink extends ChannelInboundHandlerAdapter {
        private final int n;
        private int seen;
        volatile int dropped;

        LossyLink(int n) {
            this.n = n;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf b = ((DatagramPacket) msg).content();
            boolean firstData = b.readableBytes() > 16 && b.getByte(0) >= 0 && (b.getInt(4) & (1 << 26)) == 0;
            if (firstData && ++seen % n == 0) {
                dropped++;
                ReferenceCountUtil.release(msg);
                return;
            }
            ctx.fireChannelRead(msg);
        }
    }

    @Test
    @Timeout(60)
    void aRefusedCallerMakesFfmpegFailAndNothingIsDelivered() throws Exception {
        start(SrtSettings.defaults(), false);

        Process ffmpeg = send(dir.resolve("sent-refused.ts"), "streamid=LiveApp/forbidden");

        assertThat(ffmpeg.waitFor(45, TimeUnit.SECONDS)).isTrue();
        assertThat(ffmpeg.exitValue()).isNotZero();
        Recorder r = connections.get(0);
        assertThat(r.request.get().streamId()).isEqualTo("LiveApp/forbidden");
        assertThat(r.closed.get(10, TimeUnit.SECONDS)).isEqualTo("refused: not allowed here");
        assertThat(r.bytes()).isEmpty();
    }

    @Test
    @Timeout(60)
    void twoCallersAtOnceOnTheOnePortBothDeliverTheirStreams() throws Exception {
        start(SrtSettings.defaults(), true);
        Path copyA = dir.resolve("sent-a.ts");
        Path copyB = dir.resolve("sent-b.ts");

        Process a = send(copyA, "streamid=LiveApp/a");
        Process b = send(copyB, "streamid=LiveApp/b");

        assertThat(a.waitFor(45, TimeUnit.SECONDS)).isTrue();
        assertThat(b.waitFor(45, TimeUnit.SECONDS)).isTrue();
        assertThat(a.exitValue()).as(stderr(a)).isZero();
        assertThat(b.exitValue()).as(stderr(b)).isZero();
        assertThat(connections).hasSize(2);
        for (Recorder r : connections) {
            r.closed.get(10, TimeUnit.SECONDS);
            Path copy = r.request.get().streamId().equals("LiveApp/a") ? copyA : copyB;
            assertSameBytes(r.bytes(), Files.readAllBytes(copy));
        }
        assertThat(connections).extracting(r -> r.request.get().streamId())
                .containsExactlyInAnyOrder("LiveApp/a", "LiveApp/b");
    }

    @Test
    @Timeout(60)
    void anEncryptedCallerWithOurPassphraseDeliversTheSameTransportStream() throws Exception {
        start(SrtSettings.defaults().withPassphrase(PASSPHRASE), true);
        Path copy = dir.resolve("sent-encrypted.ts");

        Process ffmpeg = send(copy, "streamid=LiveApp/secret&passphrase=" + PASSPHRASE + "&pbkeylen=16");

        assertThat(ffmpeg.waitFor(45, TimeUnit.SECONDS)).isTrue();
        assertThat(ffmpeg.exitValue()).as(stderr(ffmpeg)).isZero();
        Recorder r = connections.get(0);
        r.closed.get(10, TimeUnit.SECONDS);
        assertThat(r.request.get().encrypted()).isTrue();
        assertSameBytes(r.bytes(), Files.readAllBytes(copy));
    }

    @Test
    @Timeout(60)
    void aCallerWithAWrongPassphraseIsRejectedBeforeAnyRequest() throws Exception {
        start(SrtSettings.defaults().withPassphrase(PASSPHRASE), true);

        Process ffmpeg = send(dir.resolve("sent-wrong.ts"), "streamid=LiveApp/secret&passphrase=wrong-horse-battery");

        assertThat(ffmpeg.waitFor(45, TimeUnit.SECONDS)).isTrue();
        assertThat(ffmpeg.exitValue()).isNotZero();
        assertThat(connections).isEmpty();
    }

    @Test
    @Timeout(60)
    void aCallerWithoutAPassphraseIsRejectedWhenTheListenerEncrypts() throws Exception {
        start(SrtSettings.defaults().withPassphrase(PASSPHRASE), true);

        Process ffmpeg = send(dir.resolve("sent-clear.ts"), "streamid=LiveApp/secret");

        assertThat(ffmpeg.waitFor(45, TimeUnit.SECONDS)).isTrue();
        assertThat(ffmpeg.exitValue()).isNotZero();
        assertThat(connections).isEmpty();
    }

    /** Compares lengths and the first difference, so a failure does not print 100 kB. */
    private static void assertSameBytes(byte[] received, byte[] sent) {
        assertThat(received.length).as("bytes received").isEqualTo(sent.length);
        assertThat(Arrays.mismatch(received, sent)).as("first differing byte").isEqualTo(-1);
    }

    private static void assertValidTransportStream(byte[] ts) {
        assertThat(ts.length % 188).isZero();
        for (int i = 0; i < ts.length; i += 188) {
            assertThat(ts[i]).as("sync byte at %d", i).isEqualTo((byte) 0x47);
        }
    }

    private void start(SrtSettings settings, boolean accept) throws InterruptedException {
        server = SrtServer.start(new InetSocketAddress("127.0.0.1", 0), group, NioDatagramChannel.class, settings, () -> {
            Recorder r = new Recorder(accept);
            connections.add(r);
            return r;
        });
    }

    /** Sends the sample in real time, and writes what its muxer made to {@code copy} as well (tee). */
    private Process send(Path copy, String query) throws IOException {
        // linger: libsrt drops what it has not sent yet when ffmpeg closes, unless told to wait.
        String url = "srt://127.0.0.1:" + server.port() + "?linger=2&" + query;
        return new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-re", "-i", sample.toString(),
                "-map", "0", "-c", "copy", "-f", "tee", "[f=mpegts:onfail=abort]" + copy + "|[f=mpegts:onfail=abort]" + url)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static String stderr(Process p) throws IOException {
        return new String(p.getErrorStream().readAllBytes());
    }

    private static final class Recorder implements SrtListener {
        final boolean accept;
        final CompletableFuture<SrtPublishRequest> request = new CompletableFuture<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();

        Recorder(boolean accept) {
            this.accept = accept;
        }

        @Override
        public void onPublishRequest(SrtPublishRequest r) {
            request.complete(r);
            // Decide from another thread, later, as the server's auth would.
            CompletableFuture.runAsync(() -> {
                if (accept) {
                    r.accept();
                } else {
                    r.refuse("not allowed here");
                }
            }, CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS));
        }

        @Override
        public synchronized void onPayload(byte[] data, int offset, int length) {
            received.write(data, offset, length);
        }

        @Override
        public void onClosed(String reason) {
            closed.complete(reason);
        }

        synchronized byte[] bytes() {
            return received.toByteArray();
        }
    }
}
