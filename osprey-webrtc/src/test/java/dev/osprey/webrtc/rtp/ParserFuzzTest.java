package dev.osprey.webrtc.rtp;

import dev.osprey.webrtc.rtp.codec.Av1Payload;
import dev.osprey.webrtc.rtp.codec.H264Payload;
import dev.osprey.webrtc.rtp.codec.H264Sps;
import dev.osprey.webrtc.rtp.codec.Vp8Payload;
import dev.osprey.webrtc.rtp.codec.Vp9Payload;
import dev.osprey.webrtc.rtp.rtcp.Bye;
import dev.osprey.webrtc.rtp.rtcp.Fir;
import dev.osprey.webrtc.rtp.rtcp.Nack;
import dev.osprey.webrtc.rtp.rtcp.Pli;
import dev.osprey.webrtc.rtp.rtcp.ReceiverReport;
import dev.osprey.webrtc.rtp.rtcp.Remb;
import dev.osprey.webrtc.rtp.rtcp.ReportBlock;
import dev.osprey.webrtc.rtp.rtcp.RtcpCompoundReader;
import dev.osprey.webrtc.rtp.rtcp.SdesReader;
import dev.osprey.webrtc.rtp.rtcp.SenderReport;
import dev.osprey.webrtc.rtp.rtcp.TransportCcReader;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Feeds random and mutated datagrams to every parser. Each datagram sits either alone in an
 * array of exactly its length (so any read or write outside the window throws) or at the end of
 * a larger array after a guard prefix (which in-place rewrites must leave untouched).
 */
class ParserFuzzTest {
    private static final int DATAGRAMS = 20_000;
    private static final List<byte[]> SEEDS = List.of(
            Hex.bytes(RtpPacketTest.ONE_BYTE),
            Hex.bytes(RtpPacketTest.TWO_BYTE),
            Hex.bytes("90 60 00 01 00 00 00 01 00 00 00 02 be de 00 01 10 a1 00 00 10 50 01 00 9d 01 2a 80 02 e0 01"),
            Hex.bytes("80 61 01 2c 00 00 00 09 00 00 00 06 00 07 90 e0 92 34 05 a0 51 00 00"),
            Hex.bytes("80 62 01 2c 00 00 00 09 00 00 00 06 aa 81 23 00 07 18 05 00 02 d0 01 00 82 49 83 42"),
            Hex.bytes("80 66 01 2c 00 00 00 09 00 00 00 06 78 00 02 67 42 00 02 68 ce 00 03 65 88 84"),
            Hex.bytes("80 66 01 2c 00 00 00 09 00 00 00 06 7c 85 88 84"),
            Hex.bytes("67 64 00 16 ac d9 40 a4 2f e2 24 c0 44 00 00 03 00 04 00 00 03 00 08 3c 58 b6 58"),
            Hex.bytes("67 4d 40 16 ec a0 50 3d b0 11 00 00 03 00 01 00 00 03 00 02 1f 14 29 96"),
            Hex.bytes(dev.osprey.webrtc.rtp.rtcp.RtcpReportsTest.SR + dev.osprey.webrtc.rtp.rtcp.RtcpReportsTest.SDES_CNAME
                    + dev.osprey.webrtc.rtp.rtcp.RtcpReportsTest.BYE),
            Hex.bytes(dev.osprey.webrtc.rtp.rtcp.RtcpReportsTest.RR_EMPTY + dev.osprey.webrtc.rtp.rtcp.RtcpFeedbackTest.NACK
                    + dev.osprey.webrtc.rtp.rtcp.RtcpFeedbackTest.PLI),
            Hex.bytes(dev.osprey.webrtc.rtp.rtcp.RtcpFeedbackTest.FIR + dev.osprey.webrtc.rtp.rtcp.RtcpFeedbackTest.REMB),
            Hex.bytes(dev.osprey.webrtc.rtp.rtcp.TransportCcTest.TWO_BIT_VECTOR),
            Hex.bytes(dev.osprey.webrtc.rtp.rtcp.TransportCcTest.RUN_AND_ONE_BIT_VECTOR),
            Hex.bytes("82 ca 00 05 00 00 00 01 01 01 78 02 02 79 7a 00 00 00 00 02 01 01 71 00"));

    private final RtpPacket rtp = new RtpPacket();
    private final RtcpCompoundReader compound = new RtcpCompoundReader();
    private final SdesReader sdes = new SdesReader();
    private final TransportCcReader twcc = new TransportCcReader();
    private final ReportBlock block = new ReportBlock();
    private final H264Sps sps = new H264Sps();
    private final int[] lost = new int[4096];
    private final byte[] scratch = new byte[4096];
    private long sink;
    private int validRtp;
    private int validRtcp;
    private int validTwcc;

    @Test
    void noParserThrowsOrLeavesItsWindow() {
        Random random = new Random(0x05_9E_E7);
        for (int n = 0; n < DATAGRAMS; n++) {
            byte[] datagram = n % 4 == 0 ? randomBytes(random) : mutate(SEEDS.get(random.nextInt(SEEDS.size())), random);
            boolean guarded = random.nextBoolean();
            int off = guarded ? 1 + random.nextInt(16) : 0;
            byte[] buf = new byte[off + datagram.length];
            Arrays.fill(buf, 0, off, (byte) 0x5A);
            System.arraycopy(datagram, 0, buf, off, datagram.length);
            try {
                exercise(buf, off, datagram.length);
            } catch (RuntimeException e) {
                throw new AssertionError("datagram #" + n + " at offset " + off + ": " + Hex.of(datagram, 0, datagram.length), e);
            }
            for (int i = 0; i < off; i++) {
                assertThat(buf[i]).as("guard byte %d of datagram #%d", i, n).isEqualTo((byte) 0x5A);
            }
        }
        // the mutations must reach the deep paths, not just fail the first check
        assertThat(validRtp).isGreaterThan(DATAGRAMS / 10);
        assertThat(validRtcp).isGreaterThan(DATAGRAMS / 40);
        assertThat(validTwcc).isGreaterThan(DATAGRAMS / 200);
        assertThat(sink).isNotZero();
    }

    @Test
    void windowsOutsideTheArrayAreRejectedNotThrown() {
        byte[] buf = new byte[40];
        int[][] windows = {{40, 0}, {41, 0}, {-1, 4}, {0, -1}, {30, 20}, {Integer.MAX_VALUE, 2}, {2, Integer.MAX_VALUE}};
        for (int[] w : windows) {
            exercise(buf, w[0], w[1]);
            exercise(null, w[0], w[1]);
            assertThat(SenderReport.isValid(buf, w[0], w[1])).isFalse();
            assertThat(Bye.isValid(null, w[0], w[1])).isFalse();
            assertThat(twcc.wrap(buf, w[0], w[1])).isFalse();
        }
        assertThat(validRtp + validRtcp).isZero();
    }

    private void exercise(byte[] buf, int off, int len) {
        RtpRtcpDemux.isRtcp(buf, off, len);
        RtpRtcpDemux.isRtp(buf, off, len);
        exerciseRtp(buf, off, len);
        exerciseRtcp(buf, off, len);
        exerciseCodecs(buf, off, len);
    }

    private void exerciseRtp(byte[] buf, int off, int len) {
        if (!rtp.wrap(buf, off, len)) {
            return;
        }
        validRtp++;
        assertThat(rtp.payloadOffset() + rtp.payloadLength() + rtp.paddingLength()).isEqualTo(off + len);
        sink += rtp.ssrc() + rtp.timestamp() + rtp.sequenceNumber() + rtp.payloadType() + rtp.extensionProfile();
        for (int i = 0; i < rtp.csrcCount(); i++) {
            sink += rtp.csrc(i);
        }
        for (int id = 1; id <= 255; id++) {
            int at = rtp.findExtension(id);
            if (at >= 0) {
                assertThat(at + rtp.extensionElementLength(at)).isLessThanOrEqualTo(rtp.extensionOffset() + rtp.extensionLength());
                sink += at;
            }
        }
        sink += AbsSendTime.read(rtp, 2) + TransportSequenceNumber.read(rtp, 3) + AudioLevel.level(rtp, 1);
        AbsSendTime.write(rtp, 2, 0x123456);
        TransportSequenceNumber.write(rtp, 3, 77);
        sink += Rtx.originalSequenceNumber(rtp);
        sink += Rtx.wrap(rtp, scratch, 1, 1, 2, 97) + Rtx.unwrap(rtp, scratch, 3, 4, 96);
        int payload = rtp.payloadOffset();
        int payloadLength = rtp.payloadLength();
        exerciseCodecs(buf, payload, payloadLength);
        Vp8Payload.setPictureId(buf, payload, payloadLength, 0x1234);
        Vp8Payload.setTl0PicIdx(buf, payload, payloadLength, 3);
        Vp9Payload.setPictureId(buf, payload, payloadLength, 0x1234);
        Vp9Payload.setTl0PicIdx(buf, payload, payloadLength, 3);
        rtp.setSsrc(1);
        rtp.setSequenceNumber(2);
        rtp.setTimestamp(3);
        rtp.setPayloadType(96);
        rtp.setMarker(true);
    }

    private void exerciseRtcp(byte[] buf, int off, int len) {
        if (!compound.wrap(buf, off, len)) {
            assertThat(compound.next()).isFalse();
            return;
        }
        validRtcp++;
        int covered = 0;
        while (compound.next()) {
            int p = compound.packetOffset();
            int l = compound.packetLength();
            assertThat(p + l).isLessThanOrEqualTo(off + len);
            covered += l;
            sink += compound.packetType() + compound.count();
            if (SenderReport.isValid(buf, p, l)) {
                sink += SenderReport.ntpTimestamp(buf, p) + SenderReport.octetCount(buf, p);
                for (int i = 0; i < SenderReport.reportCount(buf, p); i++) {
                    sink += block.read(buf, SenderReport.reportBlockOffset(p, i)).cumulativeLost;
                }
            }
            if (ReceiverReport.isValid(buf, p, l)) {
                for (int i = 0; i < ReceiverReport.reportCount(buf, p); i++) {
                    sink += block.read(buf, ReceiverReport.reportBlockOffset(p, i)).jitter;
                }
            }
            if (sdes.wrap(buf, p, l)) {
                while (sdes.nextChunk()) {
                    sink += sdes.chunkSsrc();
                    while (sdes.nextItem()) {
                        sink += sdes.itemType() + sdes.itemLength() + sdes.itemText().length();
                        assertThat(sdes.itemOffset() + sdes.itemLength()).isLessThanOrEqualTo(p + l);
                    }
                }
            }
            if (Bye.isValid(buf, p, l)) {
                for (int i = 0; i < Bye.ssrcCount(buf, p); i++) {
                    sink += Bye.ssrc(buf, p, i);
                }
                assertThat(Bye.reasonOffset(buf, p, l) + Bye.reasonLength(buf, p, l)).isLessThanOrEqualTo(p + l);
            }
            if (Nack.isValid(buf, p, l)) {
                sink += Nack.mediaSsrc(buf, p) + Nack.lostSequenceNumbers(buf, p, l, lost, 0);
            }
            if (Pli.isValid(buf, p, l)) {
                sink += Pli.mediaSsrc(buf, p);
            }
            if (Fir.isValid(buf, p, l)) {
                for (int i = 0; i < Fir.entryCount(l); i++) {
                    sink += Fir.entrySsrc(buf, p, i) + Fir.entrySequenceNumber(buf, p, i);
                }
            }
            if (Remb.isValid(buf, p, l)) {
                sink += Remb.bitrate(buf, p);
                for (int i = 0; i < Remb.ssrcCount(buf, p); i++) {
                    sink += Remb.ssrc(buf, p, i);
                }
            }
            if (twcc.wrap(buf, p, l)) {
                int count = 0;
                while (twcc.next()) {
                    count++;
                    sink += twcc.sequenceNumber() + twcc.arrivalMicros();
                }
                assertThat(count).isEqualTo(twcc.packetStatusCount());
                validTwcc++;
            }
        }
        assertThat(covered).isLessThanOrEqualTo(len);
    }

    private void exerciseCodecs(byte[] buf, int off, int len) {
        sink += Vp8Payload.descriptorLength(buf, off, len) + Vp8Payload.pictureId(buf, off, len)
                + Vp8Payload.tl0PicIdx(buf, off, len) + Vp8Payload.temporalLayer(buf, off, len)
                + Vp8Payload.keyframeWidth(buf, off, len) + Vp8Payload.keyframeHeight(buf, off, len)
                + (Vp8Payload.isKeyframe(buf, off, len) ? 1 : 0);
        sink += Vp9Payload.descriptorLength(buf, off, len) + Vp9Payload.pictureId(buf, off, len)
                + Vp9Payload.spatialLayer(buf, off, len) + Vp9Payload.temporalLayer(buf, off, len)
                + Vp9Payload.tl0PicIdx(buf, off, len) + (Vp9Payload.isKeyframe(buf, off, len) ? 1 : 0);
        sink += (H264Payload.isKeyframe(buf, off, len) ? 1 : 0) + (H264Payload.isStartOfNal(buf, off, len) ? 1 : 0);
        if (sps.parse(buf, off, len)) {
            sink += sps.width() + sps.height();
        }
        sink += (Av1Payload.isKeyframe(buf, off, len) ? 1 : 0) + Av1Payload.obuCount(buf, off, len);
    }

    private static byte[] randomBytes(Random random) {
        byte[] b = new byte[random.nextInt(random.nextBoolean() ? 32 : 1500)];
        random.nextBytes(b);
        if (b.length > 0 && random.nextBoolean()) {
            b[0] = (byte) (0x80 | (b[0] & 0x3F)); // version 2 so parsers get past the first check
        }
        return b;
    }

    private static byte[] mutate(byte[] seed, Random random) {
        byte[] b = seed.clone();
        int edits = 1 + random.nextInt(random.nextBoolean() ? 1 : 4);
        for (int e = 0; e < edits; e++) {
            switch (random.nextInt(8)) {
                case 0 -> {
                    if (b.length > 0) {
                        b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                    }
                }
                case 1 -> {
                    if (b.length > 0) {
                        b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                    }
                }
                case 2 -> b = Arrays.copyOf(b, random.nextInt(b.length + 1));
                case 3 -> {
                    byte[] longer = Arrays.copyOf(b, b.length + 1 + random.nextInt(8));
                    for (int i = b.length; i < longer.length; i++) {
                        longer[i] = (byte) random.nextInt(256);
                    }
                    b = longer;
                }
                case 4 -> {
                    if (b.length > 4) {
                        // corrupt a length or count field near the start
                        b[random.nextInt(4)] = (byte) random.nextInt(256);
                    }
                }
                default -> {
                    // flip a bit past the first header, where lengths and counts of later fields live
                    if (b.length > 4) {
                        b[4 + random.nextInt(b.length - 4)] ^= (byte) (1 << random.nextInt(8));
                    }
                }
            }
        }
        return b;
    }
}
