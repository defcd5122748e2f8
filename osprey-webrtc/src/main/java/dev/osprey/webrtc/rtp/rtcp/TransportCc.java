package dev.osprey.webrtc.rtp.rtcp;

/**
 * Wire constants of transport-wide congestion control feedback, RTPFB FMT 15
 * (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1):
 *
 * <pre>
 *  header | sender SSRC | media SSRC
 *  base sequence number (16) | packet status count (16)
 *  reference time (24, signed, 64 ms units) | feedback packet count (8)
 *  packet chunks (16 bits each) ... | receive deltas (8 or 16 bits, 250 us units) ... | padding
 * </pre>
 *
 * A chunk is either a run (T=0, 2-bit symbol, 13-bit length) or a status vector (T=1; S=0:
 * fourteen 1-bit symbols, S=1: seven 2-bit symbols). Symbols: 0 not received, 1 received with a
 * 1-byte unsigned delta, 2 received with a 2-byte signed delta.
 */
public final class TransportCc {
    public static final int MIN_LENGTH = 20;
    public static final int NOT_RECEIVED = 0;
    public static final int SMALL_DELTA = 1;
    public static final int LARGE_DELTA = 2;
    /** Receive deltas count in 250 us ticks; the reference time in 64 ms = 256 ticks. */
    public static final int DELTA_TICK_MICROS = 250;
    public static final int REFERENCE_TIME_MICROS = 64_000;
    static final int TICKS_PER_REFERENCE = REFERENCE_TIME_MICROS / DELTA_TICK_MICROS;
    static final int MAX_RUN_LENGTH = 0x1FFF;

    private TransportCc() {
    }

    static int deltaSize(int symbol) {
        return symbol == SMALL_DELTA ? 1 : symbol == LARGE_DELTA ? 2 : 0;
    }
}
