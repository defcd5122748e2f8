package dev.osprey.webrtc.rtp;

import dev.osprey.webrtc.rtp.codec.Vp8Payload;
import dev.osprey.webrtc.rtp.rtcp.Nack;
import dev.osprey.webrtc.rtp.rtcp.RtcpCompoundReader;
import dev.osprey.webrtc.rtp.rtcp.TransportCcBuilder;
import dev.osprey.webrtc.rtp.rtcp.TransportCcReader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * The per-packet work an SFU does with this package: forward one RTP packet (parse, rewrite the
 * header and transport-wide sequence number, check for a keyframe), read incoming RTCP, and
 * produce/consume transport-cc feedback. {@code -prof gc} confirms that none of it allocates.
 *
 * <p>Run with {@code ./osprey jmh osprey-webrtc RtpHotPathBenchmark -f 1 -wi 2 -i 3 -w 1s -r 1s -prof gc} (figures in bench/RESULTS.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RtpHotPathBenchmark {
    private final RtpPacket packet = new RtpPacket();
    private final RtcpCompoundReader compound = new RtcpCompoundReader();
    private final TransportCcBuilder twccBuilder = new TransportCcBuilder(1024);
    private final TransportCcReader twccReader = new TransportCcReader();
    private final byte[] rtp = new byte[1200];
    private final byte[] rtcp = new byte[1500];
    private final byte[] feedback = new byte[1500];
    private final int[] lost = new int[1024];
    private int rtcpLength;
    private int feedbackLength;
    private int seq;

    @Setup
    public void setUp() {
        byte[] header = Hex.bytes("90 60 12 34 de ad be ef 11 22 33 44 be de 00 02 22 12 34 56 31 00 05 00");
        System.arraycopy(header, 0, rtp, 0, header.length);
        byte[] vp8 = Hex.bytes("90 e0 92 34 05 a0 51 00 00");
        System.arraycopy(vp8, 0, rtp, header.length, vp8.length);

        int[] seqs = new int[60];
        for (int i = 0; i < seqs.length; i++) {
            seqs[i] = 1000 + i * 2;
        }
        rtcpLength = Hex.bytes(dev.osprey.webrtc.rtp.rtcp.RtcpReportsTest.SR).length;
        System.arraycopy(Hex.bytes(dev.osprey.webrtc.rtp.rtcp.RtcpReportsTest.SR), 0, rtcp, 0, rtcpLength);
        rtcpLength += Nack.write(rtcp, rtcpLength, 1, 2, seqs, 0, seqs.length);

        fillTwcc();
        feedbackLength = twccBuilder.write(feedback, 0, 1, 2, 0);
    }

    private void fillTwcc() {
        twccBuilder.reset();
        long arrival = 5_000_000;
        for (int i = 0; i < 100; i++) {
            if (i % 17 != 5) {
                twccBuilder.add(40_000 + i, arrival);
            }
            arrival += i % 9 == 0 ? 21_000 : 1_250;
        }
    }

    @Benchmark
    public int forwardRtpPacket() {
        if (!packet.wrap(rtp, 0, rtp.length)) {
            return -1;
        }
        packet.setSsrc(0x0BADF00D);
        packet.setSequenceNumber(seq++);
        packet.setTimestamp(packet.timestamp() + 3000);
        packet.setPayloadType(96);
        TransportSequenceNumber.write(packet, 3, seq);
        return Vp8Payload.isKeyframe(rtp, packet.payloadOffset(), packet.payloadLength()) ? 1 : 0;
    }

    @Benchmark
    public int readCompoundRtcpWithNack() {
        int n = 0;
        if (compound.wrap(rtcp, 0, rtcpLength)) {
            while (compound.next()) {
                if (Nack.isValid(rtcp, compound.packetOffset(), compound.packetLength())) {
                    n += Nack.lostSequenceNumbers(rtcp, compound.packetOffset(), compound.packetLength(), lost, 0);
                }
            }
        }
        return n;
    }

    @Benchmark
    public int buildTransportCc100() {
        fillTwcc();
        return twccBuilder.write(feedback, 0, 1, 2, seq++);
    }

    @Benchmark
    public long parseTransportCc100() {
        long sum = 0;
        if (twccReader.wrap(feedback, 0, feedbackLength)) {
            while (twccReader.next()) {
                sum += twccReader.arrivalMicros();
            }
        }
        return sum;
    }
}
