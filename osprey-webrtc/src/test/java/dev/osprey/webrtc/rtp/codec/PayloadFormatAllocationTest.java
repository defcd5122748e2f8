package dev.osprey.webrtc.rtp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** Packetizing and depacketizing allocate nothing once warm. */
class PayloadFormatAllocationTest {

    /** Feeds every payload straight to a depacketizer, finishing the frame at the last one. */
    static final class Loopback implements PayloadSink {
        final RtpDepacketizer depacketizer;
        final FrameBuffer frame = new FrameBuffer();
        long frames;
        long bytes;
        boolean keyframe;

        Loopback(RtpDepacketizer depacketizer) {
            this.depacketizer = depacketizer;
        }

        @Override
        public void payload(byte[] buf, int off, int len, boolean lastOfFrame) {
            keyframe |= depacketizer.isKeyframe(buf, off, len);
            depacketizer.startsFrame(buf, off, len);
            if (!depacketizer.append(buf, off, len, frame)) {
                throw new AssertionError("refused a payload of its own packetizer");
            }
            if (lastOfFrame) {
                if (!depacketizer.finish(frame, keyframe)) {
                    throw new AssertionError("refused a frame of its own packetizer");
                }
                frames++;
                bytes += frame.length();
                frame.clear();
                keyframe = false;
            }
        }
    }

    private record Codec(RtpPacketizer packetizer, Loopback loopback, byte[] key, byte[] delta) {
        void send(int i) {
            byte[] f = i % 10 == 0 ? key : delta;
            packetizer.packetize(f, 0, f.length, i % 10 == 0, loopback);
        }
    }

    @Test
    void steadyStatePacketizingAndDepacketizingAllocateNothing() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        byte[] h264Key = H264PacketizerTest.annexB(H264PacketizerTest.SPS, H264PacketizerTest.PPS,
                H264PacketizerTest.idr(5000));
        Codec[] codecs = {
                new Codec(new Vp8Packetizer(1200, 0), new Loopback(new Vp8Depacketizer()),
                        Vp8PacketizerTest.keyframe(5000), Vp8PacketizerTest.interframe(700)),
                new Codec(new Vp9Packetizer(1200, 0, true), new Loopback(new Vp9Depacketizer()),
                        Vp9PacketizerTest.keyframe(5000), Payloads.bytes(700, 1)),
                new Codec(new H264Packetizer(1200), new Loopback(new H264Depacketizer(H264Depacketizer.Output.AVCC)),
                        h264Key, H264PacketizerTest.annexB(H264PacketizerTest.pSlice(1500))),
                new Codec(new Av1Packetizer(1200), new Loopback(new Av1Depacketizer()),
                        Av1PacketizerTest.keyTemporalUnit(5000), Av1PacketizerTest.keyTemporalUnit(300)),
                new Codec(new OpusPacketizer(1200), new Loopback(new OpusDepacketizer()),
                        Payloads.bytes(160, 1), Payloads.bytes(90, 2))};
        // A long warm-up: while methods move up the JIT tiers, HotSpot itself allocates a few bytes on
        // the calling thread, which would be counted against the code under test.
        run(codecs, 0, 100_000);

        long before = threads.getCurrentThreadAllocatedBytes();
        run(codecs, 100_000, 120_000);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        for (Codec c : codecs) {
            assertThat(c.loopback().frames).isEqualTo(120_000);
        }
        assertThat(allocated).isZero();
    }

    private static void run(Codec[] codecs, int from, int to) {
        for (int i = from; i < to; i++) {
            for (Codec c : codecs) {
                c.send(i);
            }
        }
    }
}
