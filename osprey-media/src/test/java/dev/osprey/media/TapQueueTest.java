package dev.osprey.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.webrtc.rtp.RtpPacket;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

class TapQueueTest {

    /** Writes each entry down as text, packets with their bytes. */
    private static final class Entries implements TapQueue.Consumer {
        final List<String> seen = new ArrayList<>();
        final List<byte[]> bytes = new ArrayList<>();

        @Override
        public void rtp(int track, byte[] buf, int off, int len, long arrivalNanos, long lostBefore) {
            seen.add("rtp " + track + " " + len + " lost " + lostBefore);
            bytes.add(Arrays.copyOfRange(buf, off, off + len));
        }

        @Override
        public void senderReport(int track, long ntp, int rtp, long arrivalNanos, long lostBefore) {
            seen.add("sr " + track + " " + ntp + " " + rtp + " lost " + lostBefore);
        }

        @Override
        public void source(SourceDescription description, long lostBefore) {
            seen.add("source " + description.tracks().size() + " lost " + lostBefore);
        }
    }

    private static RtpPacket packet(int seq, int payloadLength) {
        byte[] p = new byte[12 + payloadLength];
        RtpPacket.writeHeader(p, 0, false, 96, seq, seq * 10, 0x1234);
        for (int i = 12; i < p.length; i++) {
            p[i] = (byte) (seq + i);
        }
        RtpPacket view = new RtpPacket();
        view.wrap(p, 0, p.length);
        return view;
    }

    @Test
    void packetsComeOutByteExactInOrderAcrossTheEndOfTheRing() {
        TapQueue queue = new TapQueue(4096, 64);
        Entries out = new Entries();
        List<byte[]> sent = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            RtpPacket p = packet(i, 100 + (i * 37) % 900);
            sent.add(Arrays.copyOfRange(p.buffer(), 0, p.length()));
            assertThat(queue.offerRtp(i % 2, p, i)).isTrue();
            queue.drain(out, i % 3 == 0 ? 1 : 8); // the consumer lags a little, the ring wraps many times
        }
        while (queue.drain(out, 100) > 0) {
            // rest
        }
        assertThat(out.bytes).hasSize(200);
        for (int i = 0; i < 200; i++) {
            assertThat(out.bytes.get(i)).isEqualTo(sent.get(i));
        }
        assertThat(queue.dropped()).isZero();
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void aFullRingDropsAndTheNextEntryCarriesTheCount() {
        TapQueue queue = new TapQueue(4096, 64);
        int accepted = 0;
        for (int i = 0; i < 10; i++) {
            if (queue.offerRtp(0, packet(i, 1000), 0)) {
                accepted++;
            }
        }
        assertThat(accepted).isEqualTo(4); // 4 × 1,012 bytes fill 4 KiB
        assertThat(queue.dropped()).isEqualTo(6);
        Entries out = new Entries();
        queue.drain(out, 100);
        queue.offerSenderReport(1, 77, 88, 0);
        queue.offerRtp(1, packet(11, 10), 0);
        queue.drain(out, 100);
        assertThat(out.seen).containsExactly("rtp 0 1012 lost 0", "rtp 0 1012 lost 0", "rtp 0 1012 lost 0",
                "rtp 0 1012 lost 0", "sr 1 77 88 lost 6", "rtp 1 22 lost 0");
    }

    @Test
    void runningOutOfSlotsDropsLikeRunningOutOfBytes() {
        TapQueue queue = new TapQueue(1 << 16, 4);
        for (int i = 0; i < 6; i++) {
            queue.offerRtp(0, packet(i, 10), 0);
        }
        assertThat(queue.dropped()).isEqualTo(2);
        assertThat(queue.moreThanHalfFull()).isTrue();
        Entries out = new Entries();
        assertThat(queue.drain(out, 100)).isEqualTo(4);
        queue.offerSource(new SourceDescription(List.of(), java.util.Map.of(), false, false));
        queue.drain(out, 100);
        assertThat(out.seen.get(4)).isEqualTo("source 0 lost 2");
    }
}
