package dev.osprey.ingest.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.osprey.media.format.AudioSpecificConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AacToOpusTranscoderTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static AacTestStream stereoSine;
    private final List<AacToOpusTranscoder> started = new ArrayList<>();

    /** One Opus packet as the sink saw it. */
    record Packet(byte[] data, long timestamp, String thread) {
    }

    /** Keeps copies of the packets, as a sink must. */
    static final class CollectingSink implements OpusSink {
        final List<Packet> packets = new CopyOnWriteArrayList<>();

        @Override
        public void opus(byte[] packet, int length, long rtpTimestamp) {
            packets.add(new Packet(Arrays.copyOf(packet, length), rtpTimestamp, Thread.currentThread().getName()));
        }

        List<byte[]> data() {
            return packets.stream().map(Packet::data).toList();
        }
    }

    @BeforeAll
    static void encodeTheInput() throws Exception {
        stereoSine = AacTestStream.sine(1000, 44_100, 2, 2.0);
    }

    @AfterEach
    void closeTranscoders() throws InterruptedException {
        for (AacToOpusTranscoder transcoder : started) {
            transcoder.close();
            assertThat(transcoder.awaitStop(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    private AacToOpusTranscoder start(AudioSpecificConfig config, OpusSink sink, int queueCapacity) {
        AacToOpusTranscoder transcoder = AacToOpusTranscoder.start(config, sink, 96_000, queueCapacity);
        started.add(transcoder);
        return transcoder;
    }

    @Test
    void turnsAnAacSineIntoTwentyMillisecondOpusPacketsThatStillSoundAtOneKilohertz() {
        CollectingSink sink = new CollectingSink();
        AacToOpusTranscoder transcoder = start(stereoSine.config(), sink, 200);
        long startMillis = 12_345;
        List<byte[]> units = stereoSine.accessUnits();
        for (int i = 0; i < units.size(); i++) {
            assertThat(transcoder.submit(units.get(i), 0, units.get(i).length, stereoSine.millis(i, startMillis), 1000))
                    .isTrue();
        }
        int expected = (int) (stereoSine.seconds() / 0.020);
        await().atMost(PATIENCE).until(() -> sink.packets.size() >= expected - 3);

        assertThat(sink.packets.size()).isBetween(expected - 3, expected + 1);
        assertThat(sink.packets.getFirst().timestamp()).isEqualTo(startMillis * 48);
        for (int i = 1; i < sink.packets.size(); i++) {
            assertThat(sink.packets.get(i).timestamp() - sink.packets.get(i - 1).timestamp()).isEqualTo(960);
        }
        assertThat(sink.packets).allSatisfy(p -> assertThat(p.thread()).startsWith("aac-opus-"));
        assertThat(transcoder.stats()).isEqualTo(new TranscoderStats(units.size(), sink.packets.size(), 0, 0));

        OpusTestDecoder.Decoded decoded = OpusTestDecoder.decode(sink.data(), 2);
        assertThat(decoded.channels()).isEqualTo(2);
        assertThatItIsASineAtOneKilohertz(decoded.firstChannel());
    }

    @Test
    void keepsMonoInputMonoAndStereoInputStereo() throws Exception {
        AacTestStream monoSine = AacTestStream.sine(1000, 44_100, 1, 0.5);
        CollectingSink mono = new CollectingSink();
        CollectingSink stereo = new CollectingSink();
        AacToOpusTranscoder monoTranscoder = start(monoSine.config(), mono, 200);
        AacToOpusTranscoder stereoTranscoder = start(stereoSine.config(), stereo, 200);
        for (int i = 0; i < monoSine.accessUnits().size(); i++) {
            byte[] unit = monoSine.accessUnits().get(i);
            monoTranscoder.submit(unit, 0, unit.length, monoSine.millis(i, 0), 1000);
            unit = stereoSine.accessUnits().get(i);
            stereoTranscoder.submit(unit, 0, unit.length, stereoSine.millis(i, 0), 1000);
        }
        await().atMost(PATIENCE).until(() -> mono.packets.size() >= 20 && stereo.packets.size() >= 20);

        // The Opus TOC byte's "s" bit (RFC 6716, 3.1) says whether a packet is stereo.
        assertThat(mono.packets).allSatisfy(p -> assertThat(p.data()[0] & 0x04).isZero());
        assertThat(stereo.packets).allSatisfy(p -> assertThat(p.data()[0] & 0x04).isNotZero());
        assertThatItIsASineAtOneKilohertz(OpusTestDecoder.decode(mono.data(), 1).firstChannel());
    }

    @Test
    void acceptsMpegTsTimestampsOnTheNinetyKilohertzClock() {
        CollectingSink sink = new CollectingSink();
        AacToOpusTranscoder transcoder = start(stereoSine.config(), sink, 200);
        long startPts = 900_000; // 10 s
        List<byte[]> units = stereoSine.accessUnits().subList(0, 20);
        for (int i = 0; i < units.size(); i++) {
            long pts = startPts + Math.round(i * 1024 * 90_000.0 / 44_100);
            transcoder.submit(units.get(i), 0, units.get(i).length, pts, 90_000);
        }
        await().atMost(PATIENCE).until(() -> sink.packets.size() >= 20);

        assertThat(sink.packets.getFirst().timestamp()).isEqualTo(480_000);
    }

    @Test
    void takesAccessUnitsFromNettyBuffersWithoutConsumingThem() {
        CollectingSink sink = new CollectingSink();
        AacToOpusTranscoder transcoder = start(stereoSine.config(), sink, 200);
        List<byte[]> units = stereoSine.accessUnits();
        ByteBuf last = null;
        for (int i = 0; i < 20; i++) {
            last = Unpooled.buffer().writeZero(3).writeBytes(units.get(i));
            last.skipBytes(3); // the FLV tag bytes an RTMP reader would have read already
            assertThat(transcoder.submit(last, stereoSine.millis(i, 0), 1000)).isTrue();
        }
        await().atMost(PATIENCE).until(() -> sink.packets.size() >= 20);

        assertThat(last.readableBytes()).isEqualTo(units.get(19).length);
        assertThat(transcoder.stats().framesFailed()).isZero();
    }

    @Test
    void transcodesAnAdtsStreamWithTheConfigBuiltFromItsHeader() throws Exception {
        byte[] adts = readAdtsFixture();
        AdtsHeader first = AdtsHeader.parse(adts, 0, adts.length);
        CollectingSink sink = new CollectingSink();
        AacToOpusTranscoder transcoder = start(first.audioSpecificConfig(), sink, 100);
        int frames = 0;
        for (int offset = 0; offset < adts.length; frames++) {
            AdtsHeader header = AdtsHeader.parse(adts, offset, adts.length - offset);
            transcoder.submit(adts, offset + header.headerLength(), header.payloadLength(),
                    Math.round(frames * 1024 * 1000.0 / header.sampleRate()), 1000);
            offset += header.frameLength();
        }
        int expected = (int) (frames * 1024 / 44_100.0 / 0.020);
        await().atMost(PATIENCE).until(() -> sink.packets.size() >= expected - 3);

        assertThat(transcoder.stats().framesFailed()).isZero();
        // FFmpeg's sine source has amplitude 1/8, and -ac 2 spread it over two channels at -3 dB.
        assertThatItIsASineAtOneKilohertz(OpusTestDecoder.decode(sink.data(), 2).firstChannel(), 0.125 / 2);
    }

    @Test
    void countsGarbageFramesAsFailedAndGoesOnWithTheGoodOnesAfterThem() {
        CollectingSink sink = new CollectingSink();
        AacToOpusTranscoder transcoder = start(stereoSine.config(), sink, 200);
        List<byte[]> units = stereoSine.accessUnits();
        Random random = new Random(7);
        int garbage = 0;
        for (int i = 0; i < units.size(); i++) {
            byte[] unit = units.get(i);
            if (i >= 30 && i < 35) {
                unit = new byte[unit.length];
                random.nextBytes(unit);
                garbage++;
            }
            transcoder.submit(unit, 0, unit.length, stereoSine.millis(i, 0), 1000);
        }
        int expected = (int) (stereoSine.seconds() / 0.020);
        await().atMost(PATIENCE).until(() -> sink.packets.size() >= expected - 3);

        assertThat(transcoder.stats().framesFailed()).isEqualTo(garbage);
        // The lost frames became silence: the timeline kept its pace, one step of 960 per packet.
        for (int i = 1; i < sink.packets.size(); i++) {
            assertThat(sink.packets.get(i).timestamp() - sink.packets.get(i - 1).timestamp()).isEqualTo(960);
        }
        float[] decoded = OpusTestDecoder.decode(sink.data(), 2).firstChannel();
        int afterGarbage = 48_000 * 1; // 1 s: well past frame 35 (0.81 s)
        assertThatItIsASineAtOneKilohertz(Arrays.copyOfRange(decoded, afterGarbage, decoded.length));
    }

    @Test
    void dropsAndCountsFramesWhenItsQueueIsFull() throws InterruptedException {
        CountDownLatch sinkEntered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CollectingSink collected = new CollectingSink();
        OpusSink blockingSink = (packet, length, timestamp) -> {
            sinkEntered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            collected.opus(packet, length, timestamp);
        };
        AacToOpusTranscoder transcoder = start(stereoSine.config(), blockingSink, 4);
        List<byte[]> units = stereoSine.accessUnits();
        transcoder.submit(units.get(0), 0, units.get(0).length, 0, 1000);
        assertThat(sinkEntered.await(20, TimeUnit.SECONDS)).isTrue();

        // The worker holds one slot of four while its sink blocks: three more fit, the rest are dropped.
        int accepted = 0;
        for (int i = 1; i <= 10; i++) {
            if (transcoder.submit(units.get(i), 0, units.get(i).length, stereoSine.millis(i, 0), 1000)) {
                accepted++;
            }
        }
        assertThat(accepted).isEqualTo(3);
        assertThat(transcoder.stats().framesDropped()).isEqualTo(7);
        assertThat(transcoder.stats().framesIn()).isEqualTo(11);

        release.countDown();
        await().atMost(PATIENCE).until(() -> collected.packets.size() >= 4);
        assertThat(transcoder.submit(units.get(11), 0, units.get(11).length, stereoSine.millis(11, 0), 1000)).isTrue();
        assertThat(transcoder.stats().framesFailed()).isZero();
    }

    @Test
    void closingTwiceIsHarmlessAndStopsTheWorkerThread() throws InterruptedException {
        CollectingSink sink = new CollectingSink();
        AacToOpusTranscoder transcoder = start(stereoSine.config(), sink, 50);
        List<byte[]> units = stereoSine.accessUnits();
        for (int i = 0; i < 10; i++) {
            transcoder.submit(units.get(i), 0, units.get(i).length, stereoSine.millis(i, 0), 1000);
        }
        await().atMost(PATIENCE).until(() -> !sink.packets.isEmpty());
        String name = transcoder.threadName();
        assertThat(workerAlive(name)).isTrue();

        transcoder.close();
        transcoder.close();

        assertThat(transcoder.awaitStop(5, TimeUnit.SECONDS)).isTrue();
        assertThat(transcoder.isStopped()).isTrue();
        assertThat(workerAlive(name)).isFalse();
        long dropped = transcoder.stats().framesDropped();
        assertThat(transcoder.submit(units.get(10), 0, units.get(10).length, 0, 1000)).isFalse();
        assertThat(transcoder.stats().framesDropped()).isEqualTo(dropped + 1);
        transcoder.close();
    }

    @Test
    void reanchorsOnTheInputWhenItsTimestampsJumpBack() {
        CollectingSink sink = new CollectingSink();
        AacToOpusTranscoder transcoder = start(stereoSine.config(), sink, 200);
        List<byte[]> units = stereoSine.accessUnits();
        for (int i = 0; i < 40; i++) {
            transcoder.submit(units.get(i), 0, units.get(i).length, stereoSine.millis(i, 60_000), 1000);
        }
        await().atMost(PATIENCE).until(() -> sink.packets.size() >= 40);
        int beforeJump = sink.packets.size();
        for (int i = 40; i < 80; i++) { // the encoder restarted its clock at 0
            transcoder.submit(units.get(i), 0, units.get(i).length, stereoSine.millis(i - 40, 0), 1000);
        }
        await().atMost(PATIENCE).until(() -> sink.packets.size() >= beforeJump + 40);

        List<Long> timestamps = sink.packets.stream().map(Packet::timestamp).toList();
        assertThat(timestamps.getFirst()).isEqualTo(60_000 * 48);
        assertThat(timestamps).contains(0L);
        assertThat(timestamps.getLast()).isLessThan(48_000);
    }

    /** A sine of amplitude 0.5, as {@link AacTestStream} makes it: RMS 0.35. */
    private static void assertThatItIsASineAtOneKilohertz(float[] samples) {
        assertThatItIsASineAtOneKilohertz(samples, 0.5 / Math.sqrt(2));
    }

    private static void assertThatItIsASineAtOneKilohertz(float[] samples, double expectedRms) {
        int from = 4800; // past the codecs' start-up
        int to = samples.length - 4800;
        assertThat(to - from).isGreaterThan(9600);
        double atOneKilohertz = OpusTestDecoder.power(samples, from, to, 1000, 48_000);
        for (double other : new double[] {250, 500, 750, 1250, 1500, 2000, 3000, 5000}) {
            assertThat(OpusTestDecoder.power(samples, from, to, other, 48_000))
                    .as("power at %s Hz against %s at 1 kHz", other, atOneKilohertz)
                    .isLessThan(atOneKilohertz / 100);
        }
        assertThat(OpusTestDecoder.rms(samples, from, to)).isCloseTo(expectedRms, within(expectedRms / 4));
    }

    private static boolean workerAlive(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }

    private static byte[] readAdtsFixture() throws Exception {
        try (InputStream in = AacToOpusTranscoderTest.class.getResourceAsStream("sine-1khz-44100-stereo.adts")) {
            assertThat(in).isNotNull();
            return in.readAllBytes();
        }
    }
}
