package dev.osprey.webrtc.rtp.rtcp;

import dev.osprey.webrtc.rtp.Hex;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

public class TransportCcTest {
    /**
     * Base 10, 5 statuses: received (+1 ms), lost, received (+2 ms), received (-1 ms, large), received (+0).
     * One 2-bit status vector 11|01 00 01 10 01 00 00, reference time 1 (64 ms), feedback count 3, 1 byte padding.
     */
    public static final String TWO_BIT_VECTOR = """
            af cd 00 06  00 00 00 01  00 00 00 02
            00 0a 00 05  00 00 01 03
            d1 90  04 08 ff fc 00  01""";

    /**
     * Base 65534, 20 statuses: a run of 15 received, then a 1-bit vector 0 1 0 0 1; deltas of 1 tick
     * each, then 2 and 3 ticks; reference time 0, feedback count 7, 3 bytes padding.
     */
    public static final String RUN_AND_ONE_BIT_VECTOR = """
            af cd 00 0a  00 00 00 01  00 00 00 02
            ff fe 00 14  00 00 00 07
            20 0f 92 00
            01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 02 03
            00 00 03""";

    private final TransportCcReader reader = new TransportCcReader();
    private final RtcpCompoundReader compound = new RtcpCompoundReader();

    @Test
    void parsesTwoBitStatusVectorWithSmallLargeAndMissingPackets() {
        byte[] buf = Hex.bytes(TWO_BIT_VECTOR);
        assertThat(compound.wrap(buf, 0, buf.length)).isTrue();
        assertThat(compound.next()).isTrue();
        assertThat(compound.packetType()).isEqualTo(Rtcp.PT_RTPFB);
        assertThat(compound.count()).isEqualTo(Rtcp.FMT_TRANSPORT_CC);
        assertThat(compound.packetLength()).as("padding excluded").isEqualTo(27);
        assertThat(reader.wrap(buf, compound.packetOffset(), compound.packetLength())).isTrue();
        assertThat(reader.senderSsrc()).isEqualTo(1);
        assertThat(reader.mediaSsrc()).isEqualTo(2);
        assertThat(reader.baseSequenceNumber()).isEqualTo(10);
        assertThat(reader.packetStatusCount()).isEqualTo(5);
        assertThat(reader.referenceTime()).isEqualTo(1);
        assertThat(reader.feedbackPacketCount()).isEqualTo(3);
        assertThat(readAll()).containsExactly(
                "10 small 65000", "11 lost", "12 small 67000", "13 large 66000", "14 small 66000");
    }

    @Test
    void parsesRunLengthAndOneBitVectorAcrossTheSequenceWrap() {
        byte[] buf = Hex.bytes(RUN_AND_ONE_BIT_VECTOR);
        assertThat(reader.wrap(buf, 0, buf.length)).as("padding bytes after the deltas are tolerated").isTrue();
        List<String> all = readAll();
        assertThat(all).hasSize(20);
        assertThat(all.get(0)).isEqualTo("65534 small 250");
        assertThat(all.get(1)).isEqualTo("65535 small 500");
        assertThat(all.get(2)).isEqualTo("0 small 750");
        assertThat(all.get(14)).isEqualTo("12 small 3750");
        assertThat(all.subList(15, 20)).containsExactly("13 lost", "14 small 4250", "15 lost", "16 lost", "17 small 5000");
    }

    @Test
    void buildsTheHandAssembledPacketsExactly() {
        TransportCcBuilder builder = new TransportCcBuilder(1000);
        assertThat(builder.add(10, 65_000)).isTrue();
        assertThat(builder.add(12, 67_000)).isTrue();
        assertThat(builder.add(13, 66_000)).isTrue();
        assertThat(builder.add(14, 66_000)).isTrue();
        byte[] out = new byte[100];
        int len = builder.write(out, 0, 1, 2, 3);
        assertThat(Hex.of(out, 0, len)).isEqualTo(Hex.of(Hex.bytes(TWO_BIT_VECTOR), 0, 28));

        builder.reset();
        for (int i = 0; i < 15; i++) {
            assertThat(builder.add(65534 + i, 250L * (i + 1))).isTrue();
        }
        builder.add(14, 4250);
        builder.add(17, 5000);
        len = builder.write(out, 0, 1, 2, 7);
        assertThat(Hex.of(out, 0, len)).isEqualTo(Hex.of(Hex.bytes(RUN_AND_ONE_BIT_VECTOR), 0, 44));
    }

    @Test
    void builderRefusesWhatOnePacketCannotHold() {
        TransportCcBuilder builder = new TransportCcBuilder(100);
        assertThat(builder.write(new byte[64], 0, 1, 2, 0)).as("empty").isEqualTo(-1);
        assertThat(builder.add(500, 1_000_000)).isTrue();
        assertThat(builder.add(499, 1_000_100)).as("older").isFalse();
        assertThat(builder.add(500, 1_000_100)).as("duplicate").isFalse();
        assertThat(builder.add(600, 1_000_100)).as("beyond capacity").isFalse();
        assertThat(builder.add(501, 1_000_000 + 8_200_000)).as("delta over 16 bits").isFalse();
        assertThat(builder.add(501, 1_000_000 + 8_000_000)).isTrue();
        assertThat(builder.packetStatusCount()).isEqualTo(2);
        // 20 + one 2-bit chunk (2) + small delta (1) + large delta (2) = 25, padded to 28
        assertThat(builder.write(new byte[27], 0, 1, 2, 0)).as("does not fit").isEqualTo(-1);
        assertThat(builder.write(new byte[28], 0, 1, 2, 0)).isEqualTo(28);
    }

    @Test
    void buildThenParseRoundTripsRandomFeedback() {
        Random random = new Random(42);
        TransportCcBuilder builder = new TransportCcBuilder(4096);
        byte[] out = new byte[20_000];
        for (int round = 0; round < 300; round++) {
            builder.reset();
            int seq = random.nextInt(65536);
            long time = random.nextLong(1L << 40);
            List<String> expected = new ArrayList<>();
            int packets = 1 + random.nextInt(400);
            for (int p = 0; p < packets; p++) {
                int lost = random.nextInt(10) < 7 ? 0 : random.nextInt(random.nextBoolean() ? 3 : 40);
                for (int l = 0; l < lost && p > 0; l++) {
                    expected.add((seq & 0xFFFF) + " lost");
                    seq++;
                }
                long step = switch (random.nextInt(6)) {
                    case 0 -> -random.nextInt(5_000);
                    case 1 -> 64_000 + random.nextInt(1_000_000);
                    default -> random.nextInt(20_000);
                };
                time += p == 0 ? 0 : step;
                assertThat(builder.add(seq, time)).isTrue();
                long ticks = Math.floorDiv(time, 250);
                expected.add((seq & 0xFFFF) + " " + "?" + " " + ticks * 250);
                seq++;
            }
            int len = builder.write(out, 0, 11, 22, round);
            assertThat(len % 4).isZero();
            assertThat(compound.wrap(out, 0, len)).isTrue();
            assertThat(compound.next()).isTrue();
            assertThat(reader.wrap(out, 0, compound.packetLength())).isTrue();
            assertThat(reader.feedbackPacketCount()).isEqualTo(round & 0xFF);
            List<String> actual = readAll().stream().map(s -> s.replace(" small ", " ? ").replace(" large ", " ? ")).toList();
            // arrival times are relative to the 24-bit reference time: compare offsets from the first packet
            assertThat(relative(actual)).isEqualTo(relative(expected));
        }
    }

    private static List<String> relative(List<String> lines) {
        long first = Long.parseLong(lines.get(0).split(" ")[2]);
        return lines.stream().map(s -> {
            String[] parts = s.split(" ");
            return parts.length < 3 ? s : parts[0] + " " + (Long.parseLong(parts[2]) - first);
        }).toList();
    }

    @Test
    void rejectsMalformedFeedback() {
        byte[] buf = Hex.bytes(TWO_BIT_VECTOR);
        assertThat(reader.wrap(buf, 0, 26)).as("last delta cut").isFalse();
        assertThat(reader.wrap(buf, 0, 21)).as("chunk cut").isFalse();
        byte[] reserved = buf.clone();
        reserved[20] = (byte) 0xF1; // first 2-bit symbol = 3 (reserved)
        assertThat(reader.wrap(reserved, 0, 27)).isFalse();
        byte[] zero = buf.clone();
        zero[15] = 0;
        assertThat(reader.wrap(zero, 0, 27)).as("status count 0").isFalse();
        byte[] moreStatus = buf.clone();
        moreStatus[15] = 8; // needs a second chunk
        assertThat(reader.wrap(moreStatus, 0, 27)).isFalse();
        assertThat(reader.next()).isFalse();
    }

    private List<String> readAll() {
        List<String> all = new ArrayList<>();
        while (reader.next()) {
            String status = switch (reader.status()) {
                case TransportCc.SMALL_DELTA -> "small";
                case TransportCc.LARGE_DELTA -> "large";
                default -> "lost";
            };
            all.add(reader.received()
                    ? reader.sequenceNumber() + " " + status + " " + reader.arrivalMicros()
                    : reader.sequenceNumber() + " lost");
        }
        return all;
    }
}
