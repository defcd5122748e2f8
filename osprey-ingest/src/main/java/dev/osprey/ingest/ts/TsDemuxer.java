package dev.osprey.ingest.ts;

import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Demultiplexes an MPEG transport stream (ISO/IEC 13818-1) as an SRT encoder sends it: bytes in,
 * split anywhere; video access units and AAC frames out, to a {@link TsListener}.
 *
 * <p>It follows the first program of the PAT, and that program's PMT, including a change of the
 * PMT's PID or version. Of the PMT's streams it takes the first H.264 or H.265 video stream and the
 * first AAC (ADTS) stream; everything else is ignored. PSI sections must pass their CRC32.
 *
 * <p>Each video PES packet becomes one access unit; an unbounded one (PES_packet_length 0) ends
 * when the next starts, or at {@link #flush()}. Each AAC PES packet is split into its ADTS frames.
 * PTS and DTS are unwrapped onto one 64-bit time line in 90 kHz units, shared by the tracks, so they
 * keep counting up across the 33-bit wrap-around; the first timestamp seen is taken as it is, so a
 * track that starts just before another's wrap may see values below zero.
 *
 * <p>Loss: a continuity-counter gap drops the PES being assembled on that PID and the AAC bytes
 * carried over. A PES larger than the limit is dropped. See {@link #stats()}.
 *
 * <p>Not thread-safe: one demuxer per connection, fed on one thread.
 */
public final class TsDemuxer {
    /** A timestamp the stream did not give. */
    public static final long NO_TIMESTAMP = Long.MIN_VALUE;
    /** The default limit on one PES packet, and so on one access unit. */
    public static final int DEFAULT_MAX_PES_BYTES = 4 * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(TsDemuxer.class);
    private static final int PAT_PID = 0;
    private static final int PID_COUNT = 8192;

    private final TsListener listener;
    private final int maxPesBytes;
    private final TsCounters counters = new TsCounters();
    private final TimestampUnwrapper unwrapper = new TimestampUnwrapper();
    private final PacketSynchronizer synchronizer;
    private final PidHandler[] handlers = new PidHandler[PID_COUNT];
    private int patVersion = -1;
    private int programNumber = -1;
    private int pmtPid = -1;
    private int pmtVersion = -1;
    private TsProgramDescription program;

    /** A demuxer with the {@linkplain #DEFAULT_MAX_PES_BYTES default PES limit}. */
    public TsDemuxer(TsListener listener) {
        this(listener, DEFAULT_MAX_PES_BYTES);
    }

    /**
     * @param maxPesBytes the largest PES packet kept, header included; larger ones are dropped.
     *                    It bounds the memory of each track.
     */
    public TsDemuxer(TsListener listener, int maxPesBytes) {
        if (maxPesBytes < 1024) {
            throw new IllegalArgumentException("maxPesBytes must be at least 1024: " + maxPesBytes);
        }
        this.listener = Objects.requireNonNull(listener, "listener");
        this.maxPesBytes = maxPesBytes;
        this.synchronizer = new PacketSynchronizer(this::onPacket, counters);
        handlers[PAT_PID] = new PsiSectionAssembler(this::onPatSection, counters);
    }

    /**
     * Takes the next bytes of the stream, any number, and calls the listener for what they complete.
     * Never throws for anything in the bytes; only an exception of the listener comes out.
     */
    public void feed(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        synchronizer.feed(data, offset, length);
    }

    /** {@link #feed(byte[], int, int)} with a whole array. */
    public void feed(byte[] data) {
        feed(data, 0, data.length);
    }

    /**
     * The stream ended: delivers the PES packets still open, which are complete when their length
     * was unbounded (the last video access unit). Bytes of an incomplete transport packet are kept.
     */
    public void flush() {
        if (program == null) {
            return;
        }
        for (TsTrackDescription track : program.tracks()) {
            if (handlers[track.pid()] instanceof PesAssembler pes) {
                pes.flush();
            }
        }
    }

    /** The program's tracks once its PMT was parsed, else {@code null}. */
    public TsProgramDescription program() {
        return program;
    }

    /** The counters so far. */
    public TsDemuxerStats stats() {
        return counters.snapshot();
    }

    /** Bytes of buffers this demuxer holds, which the limits bound whatever the input. */
    long retainedBytes() {
        long total = synchronizer.buffered();
        for (PidHandler handler : handlers) {
            if (handler != null) {
                total += handler.retainedBytes();
            }
        }
        return total;
    }

    private void onPacket(byte[] packet, int offset) {
        counters.packets++;
        int flags = packet[offset + 1] & 0xFF;
        if ((flags & 0x80) != 0) {
            counters.transportErrors++;
            return;
        }
        int pid = ((flags & 0x1F) << 8) | (packet[offset + 2] & 0xFF);
        PidHandler handler = handlers[pid];
        if (handler == null) {
            return;
        }
        int control = packet[offset + 3] & 0xFF;
        boolean scrambled = (control & 0xC0) != 0;
        int adaptationFieldControl = (control >>> 4) & 0x03;
        if (adaptationFieldControl == 0) {
            return; // reserved value: the packet is to be discarded (§2.4.3.3)
        }
        boolean hasPayload = (adaptationFieldControl & 0x01) != 0;
        int payload = offset + 4;
        int end = offset + PacketSynchronizer.PACKET_SIZE;
        boolean discontinuity = false;
        if ((adaptationFieldControl & 0x02) != 0) {
            int adaptationLength = packet[payload] & 0xFF;
            discontinuity = adaptationLength > 0 && (packet[payload + 1] & 0x80) != 0;
            payload += 1 + adaptationLength;
            if (payload > end) {
                return;
            }
        }
        if (!handler.acceptCounter(control & 0x0F, hasPayload, discontinuity, counters)) {
            return; // a duplicate packet
        }
        if (hasPayload && !scrambled && payload < end) {
            handler.onPayload(packet, payload, end - payload, (flags & 0x40) != 0);
        }
    }

    private void onPatSection(byte[] section, int length) {
        if (PsiTables.tableId(section) != PsiTables.PAT_TABLE_ID || !PsiTables.isCurrent(section)) {
            return;
        }
        int version = PsiTables.version(section);
        if (version == patVersion) {
            return;
        }
        PsiTables.ProgramEntry first = PsiTables.firstProgram(section, length);
        if (first == null) {
            return;
        }
        patVersion = version;
        programNumber = first.programNumber();
        if (first.pmtPid() != pmtPid) {
            LOG.debug("Program {} has its PMT on PID {}", first.programNumber(), first.pmtPid());
            if (pmtPid >= 0 && handlers[pmtPid] instanceof PsiSectionAssembler) {
                handlers[pmtPid] = null;
            }
            pmtPid = first.pmtPid();
            pmtVersion = -1;
            handlers[pmtPid] = new PsiSectionAssembler(this::onPmtSection, counters);
        } else {
            pmtVersion = -1; // the program may have changed: read its PMT again
        }
    }

    private void onPmtSection(byte[] section, int length) {
        if (PsiTables.tableId(section) != PsiTables.PMT_TABLE_ID || !PsiTables.isCurrent(section)
                || PsiTables.programNumber(section) != programNumber) {
            return;
        }
        int version = PsiTables.version(section);
        if (version == pmtVersion) {
            return;
        }
        TsProgramDescription next = PsiTables.program(section, length, pmtPid);
        if (next == null) {
            return;
        }
        pmtVersion = version;
        TsProgramDescription previous = program;
        program = next;
        if (next.sameTracks(previous)) {
            return;
        }
        updateHandlers(previous, next);
        LOG.debug("Program {}: tracks {}", next.programNumber(), next.tracks());
        listener.onProgram(next);
    }

    /** Keeps the assembly of tracks that stay with the same codec; starts or ends the others. */
    private void updateHandlers(TsProgramDescription previous, TsProgramDescription next) {
        if (previous != null) {
            for (TsTrackDescription old : previous.tracks()) {
                if (!next.tracks().contains(old) && handlers[old.pid()] instanceof PesAssembler) {
                    handlers[old.pid()] = null;
                }
            }
        }
        for (TsTrackDescription track : next.tracks()) {
            boolean kept = previous != null && previous.tracks().contains(track);
            if (kept && handlers[track.pid()] instanceof PesAssembler) {
                continue;
            }
            PesSink sink = track.codec().isVideo()
                    ? new VideoAccessUnits(track.codec(), listener)
                    : new AdtsFrames(listener, counters, maxPesBytes);
            handlers[track.pid()] = new PesAssembler(sink, unwrapper, counters, maxPesBytes);
        }
    }
}
