package dev.osprey.record.hls;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;

/**
 * One live stream's HLS output as readers see it: the segments and parts in memory, the init segments,
 * and the playlists rendered once per change. Written by its segmenter (one thread); read by any number
 * of HTTP threads, which only ever see an immutable {@link State}. Readers may wait for a part or
 * segment that is not there yet (LL-HLS blocking reload and preload hints).
 */
public final class HlsStream {
    /** A part: a slice of its segment's bytes once the segment is complete, its own bytes before. */
    public record Part(long msn, int index, double duration, boolean independent, byte[] data, int offset, int length) {
    }

    /**
     * A segment. {@code data} is null while it is being written, and again once it left the live window
     * of a playlist that keeps every segment (the files on disk still have it).
     */
    public record Segment(long msn, double duration, List<Part> parts, boolean discontinuity, String map,
                          long programDateTimeMillis, byte[] data) {
    }

    /**
     * What readers see: the complete segments listed, the segment being written (its msn, parts, map),
     * the init segments by name, and the playlists.
     */
    public record State(List<Segment> segments, Segment current, List<InitSegment> inits, boolean ended,
                        int discontinuitySequence, int targetDuration, byte[] playlist, byte[] deltaPlaylist) {
        /** The newest part as (msn, index), packed as msn * 2^16 + index; -1 when there is none. */
        long latestPart() {
            if (current != null && !current.parts().isEmpty()) {
                return pack(current.msn(), current.parts().size() - 1);
            }
            if (!segments.isEmpty()) {
                Segment last = segments.get(segments.size() - 1);
                return pack(last.msn(), Math.max(0, last.parts().size() - 1));
            }
            return -1;
        }

        /** The msn of the newest complete segment, -1 when none; the segment being written is the next. */
        public long latestSegment() {
            return segments.isEmpty() ? -1 : segments.get(segments.size() - 1).msn();
        }

        Segment segment(long msn) {
            for (int i = segments.size() - 1; i >= 0; i--) {
                Segment s = segments.get(i);
                if (s.msn() == msn) {
                    return s;
                }
                if (s.msn() < msn) {
                    break;
                }
            }
            return current != null && current.msn() == msn ? current : null;
        }
    }

    /** An initialisation segment and the name the playlist gives it. */
    public record InitSegment(String name, byte[] data) {
    }

    /** Bytes to send: {@code data[offset, offset + length)}. */
    public record Content(byte[] data, int offset, int length, String contentType) {
    }

    private record Waiter(Predicate<State> ready, CompletableFuture<State> future) {
    }

    /** Init segments kept: the current one and a few before it (a format change mid-stream). */
    private static final int INITS_KEPT = 4;

    private final String streamId;
    private final HlsSettings settings;
    private final Queue<Waiter> waiters = new ConcurrentLinkedQueue<>();
    private final PlaylistWriter writer;
    private volatile State state;
    private volatile long endedNanos;

    public HlsStream(String streamId, HlsSettings settings) {
        this.streamId = streamId;
        this.settings = settings;
        this.writer = new PlaylistWriter(streamId, settings);
        this.state = new State(List.of(), null, List.of(), false, 0, (int) Math.ceil(settings.segmentSeconds()), null, null);
    }

    public String streamId() {
        return streamId;
    }

    public HlsSettings settings() {
        return settings;
    }

    public State state() {
        return state;
    }

    /** When the stream ended ({@link System#nanoTime()}); meaningful once {@code state().ended()}. */
    public long endedNanos() {
        return endedNanos;
    }

    // ---- written by the segmenter --------------------------------------------------------------

    /** A new init segment (the first, or after a change of the tracks); the next segment uses it. */
    void addInit(InitSegment init) {
        State s = state;
        List<InitSegment> inits = new ArrayList<>(s.inits());
        inits.add(init);
        while (inits.size() > INITS_KEPT) {
            inits.remove(0);
        }
        publish(new State(s.segments(), s.current(), List.copyOf(inits), s.ended(), s.discontinuitySequence(),
                s.targetDuration(), null, null));
    }

    /** Opens segment {@code msn}. */
    void startSegment(long msn, boolean discontinuity, String map, long programDateTimeMillis) {
        State s = state;
        Segment current = new Segment(msn, 0, List.of(), discontinuity, map, programDateTimeMillis, null);
        publish(new State(s.segments(), current, s.inits(), s.ended(), s.discontinuitySequence(), s.targetDuration(),
                null, null));
    }

    /** Adds a part to the open segment. */
    void addPart(double duration, boolean independent, byte[] data) {
        State s = state;
        Segment c = s.current();
        List<Part> parts = new ArrayList<>(c.parts());
        parts.add(new Part(c.msn(), parts.size(), duration, independent, data, 0, data.length));
        Segment current = new Segment(c.msn(), c.duration(), List.copyOf(parts), c.discontinuity(), c.map(),
                c.programDateTimeMillis(), null);
        publish(new State(s.segments(), current, s.inits(), s.ended(), s.discontinuitySequence(), s.targetDuration(),
                null, null));
    }

    /**
     * Completes the open segment: its parts' bytes become one array (the segment) and the parts slices
     * of it. Returns the completed segment, or null when it had no part.
     */
    Segment completeSegment(double duration) {
        State s = state;
        Segment c = s.current();
        if (c == null || c.parts().isEmpty()) {
            return null;
        }
        int size = 0;
        for (Part p : c.parts()) {
            size += p.length();
        }
        byte[] data = new byte[size];
        List<Part> slices = new ArrayList<>(c.parts().size());
        int offset = 0;
        for (Part p : c.parts()) {
            System.arraycopy(p.data(), p.offset(), data, offset, p.length());
            slices.add(new Part(p.msn(), p.index(), p.duration(), p.independent(), data, offset, p.length()));
            offset += p.length();
        }
        Segment done = new Segment(c.msn(), duration, List.copyOf(slices), c.discontinuity(), c.map(),
                c.programDateTimeMillis(), data);
        // RFC 8216 §4.3.3.1: every duration, rounded to the nearest integer, is at most the target.
        int targetDuration = Math.max(s.targetDuration(), (int) Math.round(duration));
        List<Segment> segments = new ArrayList<>(s.segments());
        segments.add(done);
        int discontinuities = s.discontinuitySequence();
        int inMemory = settings.listSize();
        if (settings.keepsAllSegments()) {
            // Listed for ever; only the newest keep their bytes in memory.
            int drop = segments.size() - inMemory - 1;
            if (drop >= 0 && segments.get(drop).data() != null) {
                Segment old = segments.get(drop);
                segments.set(drop, new Segment(old.msn(), old.duration(), List.of(), old.discontinuity(), old.map(),
                        old.programDateTimeMillis(), null));
            }
        } else {
            while (segments.size() > inMemory) {
                if (segments.remove(0).discontinuity()) {
                    discontinuities++;
                }
            }
        }
        publish(new State(List.copyOf(segments), null, s.inits(), s.ended(), discontinuities, targetDuration, null, null));
        return done;
    }

    /** The stream ended: the playlist gets its end tag and every waiting reader is answered. */
    void end() {
        endedNanos = System.nanoTime();
        State s = state;
        publish(new State(s.segments(), null, s.inits(), true, s.discontinuitySequence(), s.targetDuration(), null, null));
    }

    /** Renders {@code next}'s playlists once, for every reader, then shows it to them. */
    private void publish(State next) {
        byte[] playlist = writer.live(next, false).getBytes(StandardCharsets.UTF_8);
        byte[] delta = settings.lowLatency() ? writer.live(next, true).getBytes(StandardCharsets.UTF_8) : null;
        state = new State(next.segments(), next.current(), next.inits(), next.ended(), next.discontinuitySequence(),
                next.targetDuration(), playlist, delta);
        wake();
    }

    private void wake() {
        State s = state;
        for (Waiter w : waiters) {
            if (s.ended() || w.ready().test(s)) {
                waiters.remove(w);
                w.future().complete(s);
            }
        }
    }

    // ---- read by HTTP threads --------------------------------------------------------------------

    /**
     * Completes with the state once the playlist has part {@code part} of segment {@code msn} or a later
     * one (with {@code part} &lt; 0: segment {@code msn} complete), or the stream ended. The caller bounds
     * the wait (and should cancel the future when it gives up).
     */
    public CompletableFuture<State> awaitPlaylist(long msn, int part) {
        Predicate<State> ready = part < 0 ? s -> s.latestSegment() >= msn : s -> s.latestPart() >= pack(msn, part);
        return await(ready);
    }

    private CompletableFuture<State> await(Predicate<State> ready) {
        State s = state;
        if (s.ended() || ready.test(s)) {
            return CompletableFuture.completedFuture(s);
        }
        Waiter w = new Waiter(ready, new CompletableFuture<>());
        waiters.add(w);
        w.future().whenComplete((v, e) -> waiters.remove(w));
        wake(); // a publish between the test and the add would otherwise be missed
        return w.future();
    }

    /** How many readers are waiting (for tests and stats). */
    public int waiting() {
        return waiters.size();
    }

    /** The bytes of a segment, part or init segment of this stream, or null when memory has none. */
    public Content content(State s, String fileName) {
        HlsNames.MediaName media = HlsNames.media(fileName);
        if (media != null) {
            if (!media.streamId().equals(streamId) || media.type() != settings.segmentType()) {
                return null;
            }
            Segment seg = s.segment(media.msn());
            if (seg == null) {
                return null;
            }
            String type = media.type().contentType();
            if (media.part() < 0) {
                return seg.data() == null ? null : new Content(seg.data(), 0, seg.data().length, type);
            }
            if (media.part() >= seg.parts().size()) {
                return null;
            }
            Part p = seg.parts().get(media.part());
            return new Content(p.data(), p.offset(), p.length(), type);
        }
        for (InitSegment init : s.inits()) {
            if (init.name().equals(fileName)) {
                return new Content(init.data(), 0, init.data().length, "video/mp4");
            }
        }
        return null;
    }

    /**
     * Whether {@code fileName} names a part that is not there yet but may come soon (the preload hint,
     * or the part after it): such a request waits with {@link #awaitPlaylist} instead of a 404.
     */
    public boolean isUpcomingPart(State s, String fileName) {
        HlsNames.MediaName media = HlsNames.media(fileName);
        if (media == null || media.part() < 0 || s.ended() || !media.streamId().equals(streamId)) {
            return false;
        }
        long latest = s.latestPart();
        long wanted = pack(media.msn(), media.part());
        return wanted > latest && media.msn() <= (latest >> 16) + 1 && media.part() < 64;
    }

    static long pack(long msn, int part) {
        return (msn << 16) | (part & 0xFFFF);
    }
}
