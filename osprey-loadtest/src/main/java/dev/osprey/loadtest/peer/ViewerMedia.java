package dev.osprey.loadtest.peer;

import dev.osprey.webrtc.rtp.rtcp.Nack;
import dev.osprey.webrtc.rtp.rtcp.ReceiverReport;
import dev.osprey.webrtc.rtp.rtcp.ReportBlock;
import dev.osprey.webrtc.rtp.rtcp.Rtcp;
import dev.osprey.webrtc.rtp.rtcp.RtcpCompoundReader;
import dev.osprey.webrtc.rtp.rtcp.Sdes;
import dev.osprey.webrtc.rtp.rtcp.SenderReport;
import dev.osprey.webrtc.srtp.SrtpProfile;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import dev.osprey.loadtest.stats.StreamReceiveStats;

/**
 * What a viewer does with received RTP: count packets and bytes, track loss and jitter per SSRC, and
 * match payloads against the publisher's {@link LatencyTags} (when the publisher is in this process).
 * Like a real viewer it also sends feedback once its transport is set ({@link #feedbackTo}): a NACK
 * (RFC 4585 generic NACK) as soon as a sequence gap shows packets missing, and every
 * {@link #REPORT_INTERVAL_MILLIS} a receiver report (RFC 3550) with SDES CNAME for every SSRC.
 * Runs on the viewer transport's event loop; allocates only when a new SSRC appears.
 */
public final class ViewerMedia {
    private static final int MAX_STREAMS = 8;
    /** How often a receiver report goes out (Chromium sends one about every second for video). */
    public static final long REPORT_INTERVAL_MILLIS = 1000;
    /** Larger gaps are not worth asking for again (the viewer would ask for a keyframe instead). */
    private static final int MAX_NACKED_GAP = 64;
    private static final byte[] CNAME = "loadtest-viewer".getBytes(StandardCharsets.US_ASCII);

    private final RunStats stats;
    private final LatencyTags tags;
    private final int[] clockRates;
    private final boolean[] vp8;
    private final StreamReceiveStats[] streams = new StreamReceiveStats[MAX_STREAMS];
    private int streamCount;
    private volatile long packets;
    private volatile long bytes;
    private long latencySamples;
    private long firstPacketNanos;
    // Feedback (loop-confined once set).
    private final int rtcpSsrc = ThreadLocalRandom.current().nextInt();
    private final byte[] rtcp = new byte[1200 + SrtpProfile.MAX_TRAILER];
    private final int[] lost = new int[MAX_NACKED_GAP];
    private final ReportBlock[] blocks = new ReportBlock[MAX_STREAMS];
    private final int[] lastSenderReport = new int[MAX_STREAMS];
    private final long[] lastSenderReportNanos = new long[MAX_STREAMS];
    private final RtcpCompoundReader reader = new RtcpCompoundReader();
    private volatile RtcpOut feedback;

    /**
     * @param clockRates RTP clock rate per payload type (0 = not media: counted, not tracked)
     * @param vp8        which payload types are VP8 (their descriptor is skipped by the payload key)
     * @param tags       the publisher's send times, or null when it runs elsewhere
     */
    public ViewerMedia(RunStats stats, LatencyTags tags, int[] clockRates, boolean[] vp8) {
        this.stats = stats;
        this.tags = tags;
        this.clockRates = clockRates.clone();
        this.vp8 = vp8.clone();
    }

    /** @return true for the first packet */
    public boolean onRtp(byte[] buf, int off, int len) {
        long now = System.nanoTime();
        if (len < 12) {
            return false;
        }
        boolean first = packets == 0;
        if (first) {
            firstPacketNanos = now;
        }
        packets++;
        bytes += len;
        stats.packetsReceived.increment();
        stats.bytesReceived.add(len);
        int pt = buf[off + 1] & 0x7F;
        if (clockRates[pt] == 0) {
            return first;
        }
        int seq = ((buf[off + 2] & 0xFF) << 8) | (buf[off + 3] & 0xFF);
        int timestamp = readInt(buf, off + 4);
        long ssrc = readInt(buf, off + 8) & 0xFFFFFFFFL;
        StreamReceiveStats s = stream(ssrc, clockRates[pt]);
        if (s != null) {
            int skipped = s.onPacket(seq, timestamp, now, len);
            if (skipped > 0 && skipped <= MAX_NACKED_GAP) {
                sendNack((int) ssrc, seq, skipped);
            }
        }
        if (tags != null) {
            int payload = payloadOffset(buf, off, len);
            int payloadLength = payload < 0 ? -1 : off + len - payload - paddingLength(buf, off, len);
            if (payloadLength > 0) {
                long key = LatencyTags.key(buf, payload, payloadLength, vp8[pt]);
                long sent = key == 0 ? -1 : tags.sentAt(key);
                if (sent > 0 && now >= sent && now - sent < 10_000_000_000L) {
                    long micros = (now - sent) / 1000;
                    stats.latencyMicros.record(micros);
                    if (stats.steady) {
                        stats.steadyLatencyMicros.record(micros);
                    }
                    latencySamples++;
                }
            }
        }
        return first;
    }

    public long packets() {
        return packets;
    }

    /** Where a viewer's RTCP goes: the transport's {@code sendRtcp} (protects in place, sends). */
    @FunctionalInterface
    public interface RtcpOut {
        boolean send(byte[] buf, int off, int len);
    }

    /** Feedback goes out through {@code out} from now on (call on the transport's loop or before it receives media). */
    public void feedbackTo(RtcpOut out) {
        this.feedback = out;
    }

    /** Notes the sender reports of a compound RTCP packet from the server, for LSR/DLSR in our reports. */
    public void onRtcp(byte[] buf, int off, int len) {
        if (!reader.wrap(buf, off, len)) {
            return;
        }
        long now = System.nanoTime();
        while (reader.next()) {
            int p = reader.packetOffset();
            if (reader.packetType() == Rtcp.PT_SR && SenderReport.isValid(buf, p, reader.packetLength())) {
                long ssrc = SenderReport.ssrc(buf, p) & 0xFFFFFFFFL;
                for (int i = 0; i < streamCount; i++) {
                    if (streams[i].ssrc() == ssrc) {
                        lastSenderReport[i] = (int) (SenderReport.ntpTimestamp(buf, p) >>> 16);
                        lastSenderReportNanos[i] = now;
                    }
                }
            }
        }
    }

    /** Sends one receiver report (one block per SSRC) with an SDES CNAME; on the transport's loop. */
    public void sendReport() {
        RtcpOut out = feedback;
        if (out == null || streamCount == 0) {
            return;
        }
        long now = System.nanoTime();
        for (int i = 0; i < streamCount; i++) {
            StreamReceiveStats s = streams[i];
            ReportBlock block = blocks[i] == null ? blocks[i] = new ReportBlock() : blocks[i];
            long sinceSr = lastSenderReportNanos[i] == 0 ? 0 : (now - lastSenderReportNanos[i]) * 65536 / 1_000_000_000L;
            block.set((int) s.ssrc(), s.takeFractionLost(), (int) Math.min(Integer.MAX_VALUE, s.lost()),
                    s.extendedHighestSequence(), s.jitterUnits(), lastSenderReport[i], (int) sinceSr);
        }
        int n = ReceiverReport.write(rtcp, 0, rtcpSsrc, blocks, streamCount);
        n += Sdes.writeCname(rtcp, n, rtcpSsrc, CNAME, 0, CNAME.length);
        if (out.send(rtcp, 0, n)) {
            stats.reportsSent.increment();
        }
    }

    /** Asks for the {@code count} packets before {@code seq}. */
    private void sendNack(int mediaSsrc, int seq, int count) {
        RtcpOut out = feedback;
        if (out == null) {
            return;
        }
        for (int i = 0; i < count; i++) {
            lost[i] = (seq - count + i) & 0xFFFF;
        }
        int n = Nack.write(rtcp, 0, rtcpSsrc, mediaSsrc, lost, 0, count);
        if (n > 0 && out.send(rtcp, 0, n)) {
            stats.nacksSent.increment();
        }
    }

    public long bytes() {
        return bytes;
    }

    public long firstPacketNanos() {
        return firstPacketNanos;
    }

    /** Summary over every tracked SSRC: expected, lost, the largest jitter (call once receiving stopped). */
    public RunStats.ViewerResult result(int stream, boolean live) {
        long expected = 0;
        long lost = 0;
        double jitter = 0;
        for (int i = 0; i < streamCount; i++) {
            expected += streams[i].expected();
            lost += streams[i].lost();
            jitter = Math.max(jitter, streams[i].jitterMillis());
        }
        return new RunStats.ViewerResult(stream, live, packets, bytes, expected, lost, jitter, latencySamples);
    }

    /**
     * Packets expected and lost so far, read from another thread for the progress line (values may be
     * a moment stale; the final figures come from {@link #result} after the transport has stopped).
     */
    public long[] expectedAndLostSnapshot() {
        long expected = 0;
        long lost = 0;
        int n = Math.min(streamCount, MAX_STREAMS);
        for (int i = 0; i < n; i++) {
            StreamReceiveStats s = streams[i];
            if (s != null) {
                expected += s.expected();
                lost += s.lost();
            }
        }
        return new long[] {expected, lost};
    }

    private StreamReceiveStats stream(long ssrc, int clockRate) {
        for (int i = 0; i < streamCount; i++) {
            if (streams[i].ssrc() == ssrc) {
                return streams[i];
            }
        }
        if (streamCount == MAX_STREAMS) {
            return null;
        }
        StreamReceiveStats s = new StreamReceiveStats(ssrc, clockRate);
        streams[streamCount++] = s;
        return s;
    }

    /** Start of the payload after CSRCs and the header extension, or -1 when malformed. */
    static int payloadOffset(byte[] buf, int off, int len) {
        int p = off + 12 + 4 * (buf[off] & 0x0F);
        if ((buf[off] & 0x10) != 0) {
            if (p + 4 > off + len) {
                return -1;
            }
            p += 4 + 4 * (((buf[p + 2] & 0xFF) << 8) | (buf[p + 3] & 0xFF));
        }
        return p <= off + len ? p : -1;
    }

    private static int paddingLength(byte[] buf, int off, int len) {
        return (buf[off] & 0x20) != 0 ? buf[off + len - 1] & 0xFF : 0;
    }

    private static int readInt(byte[] buf, int at) {
        return ((buf[at] & 0xFF) << 24) | ((buf[at + 1] & 0xFF) << 16) | ((buf[at + 2] & 0xFF) << 8)
                | (buf[at + 3] & 0xFF);
    }
}
