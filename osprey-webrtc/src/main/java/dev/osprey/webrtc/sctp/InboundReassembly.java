package dev.osprey.webrtc.sctp;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Turns received DATA chunks into user messages: joins fragments (consecutive TSNs from a B to an E chunk,
 * RFC 9260 6.9), delivers unordered messages at once and ordered ones by stream sequence number. Counts every
 * byte it holds so the association can bound its receive buffer, and reports a message that grows beyond the
 * maximum size as soon as its fragments show it.
 */
final class InboundReassembly {

    interface Delivery {
        void deliver(int streamId, int ppid, byte[] data);

        /** A message exceeds the size limit: the association aborts. */
        void oversized(long bytes);
    }

    private static final class Fragment {
        final long tsn;
        final int stream;
        final int ssn;
        final int ppid;
        final int flags;
        final byte[] data;
        /** Bytes from the B fragment up to and including this one, or -1 while unknown. */
        long runBytes = -1;

        Fragment(long tsn, int stream, int ssn, int ppid, int flags, byte[] data) {
            this.tsn = tsn;
            this.stream = stream;
            this.ssn = ssn;
            this.ppid = ppid;
            this.flags = flags;
            this.data = data;
        }

        boolean begin() {
            return (flags & DataChunk.FLAG_BEGIN) != 0;
        }

        boolean end() {
            return (flags & DataChunk.FLAG_END) != 0;
        }

        boolean unordered() {
            return (flags & DataChunk.FLAG_UNORDERED) != 0;
        }

        boolean sameMessage(Fragment o) {
            return stream == o.stream && unordered() == o.unordered() && (unordered() || ssn == o.ssn);
        }
    }

    private record Complete(int ppid, byte[] data) {
    }

    private static final class InStream {
        int nextSsn;
        final Map<Integer, Complete> waiting = new HashMap<>();
    }

    private final NavigableMap<Long, Fragment> fragments = new TreeMap<>();
    private final Map<Integer, InStream> streams = new HashMap<>();
    private final int maxMessageSize;
    private final Delivery delivery;
    private long bufferedBytes;

    InboundReassembly(int maxMessageSize, Delivery delivery) {
        this.maxMessageSize = maxMessageSize;
        this.delivery = delivery;
    }

    long bufferedBytes() {
        return bufferedBytes;
    }

    void add(long tsn, int stream, int ssn, int ppid, int flags, byte[] buf, int off, int len) {
        byte[] data = java.util.Arrays.copyOfRange(buf, off, off + len);
        int beginEnd = DataChunk.FLAG_BEGIN | DataChunk.FLAG_END;
        if ((flags & beginEnd) == beginEnd) {
            if (len > maxMessageSize) {
                delivery.oversized(len);
            } else {
                complete(stream, ssn, ppid, (flags & DataChunk.FLAG_UNORDERED) != 0, data);
            }
            return;
        }
        Fragment f = new Fragment(tsn, stream, ssn, ppid, flags, data);
        fragments.put(tsn, f);
        bufferedBytes += len;
        if (trackRun(f)) {
            tryAssemble(f);
        }
    }

    /** Keeps a running size of each message being received in order; false if the limit was crossed. */
    private boolean trackRun(Fragment f) {
        if (f.begin()) {
            f.runBytes = f.data.length;
        } else {
            Fragment prev = fragments.get(f.tsn - 1);
            if (prev != null && prev.runBytes >= 0 && !prev.end() && prev.sameMessage(f)) {
                f.runBytes = prev.runBytes + f.data.length;
            }
        }
        if (f.runBytes > maxMessageSize) {
            delivery.oversized(f.runBytes);
            return false;
        }
        return true;
    }

    private void tryAssemble(Fragment f) {
        Fragment last = f;
        while (!last.end()) {
            Fragment next = fragments.get(last.tsn + 1);
            if (next == null || next.begin() || !next.sameMessage(last)) {
                return;
            }
            last = next;
        }
        Fragment first = f;
        long total = f.data.length;
        while (!first.begin()) {
            Fragment prev = fragments.get(first.tsn - 1);
            if (prev == null || prev.end() || !prev.sameMessage(first)) {
                return;
            }
            first = prev;
            total += prev.data.length;
        }
        for (long t = f.tsn + 1; t <= last.tsn; t++) {
            total += fragments.get(t).data.length;
        }
        if (total > maxMessageSize) {
            delivery.oversized(total);
            return;
        }
        byte[] message = new byte[(int) total];
        int pos = 0;
        for (long t = first.tsn; t <= last.tsn; t++) {
            Fragment part = fragments.remove(t);
            System.arraycopy(part.data, 0, message, pos, part.data.length);
            pos += part.data.length;
        }
        bufferedBytes -= total;
        complete(first.stream, first.ssn, first.ppid, first.unordered(), message);
    }

    private void complete(int stream, int ssn, int ppid, boolean unordered, byte[] data) {
        if (unordered) {
            delivery.deliver(stream, ppid, data);
            return;
        }
        InStream s = streams.computeIfAbsent(stream, k -> new InStream());
        if (ssn == s.nextSsn) {
            s.nextSsn = (s.nextSsn + 1) & 0xFFFF;
            delivery.deliver(stream, ppid, data);
            drain(stream, s);
        } else if (ssnBefore(ssn, s.nextSsn)) {
            // A stale message (sequence already passed, e.g. skipped by FORWARD TSN): nothing to deliver.
            return;
        } else if (s.waiting.putIfAbsent(ssn, new Complete(ppid, data)) == null) {
            bufferedBytes += data.length;
        }
    }

    private void drain(int stream, InStream s) {
        Complete next;
        while ((next = s.waiting.remove(s.nextSsn)) != null) {
            bufferedBytes -= next.data.length;
            s.nextSsn = (s.nextSsn + 1) & 0xFFFF;
            delivery.deliver(stream, next.ppid, next.data);
        }
    }

    /** FORWARD TSN (RFC 3758 3.6): forget fragments up to the new cumulative TSN and skip abandoned SSNs. */
    void forward(long newCumulativeTsn, int[] skipStreams, int[] skipSsns, int count) {
        NavigableMap<Long, Fragment> dropped = fragments.headMap(newCumulativeTsn, true);
        for (Fragment f : dropped.values()) {
            bufferedBytes -= f.data.length;
        }
        dropped.clear();
        for (int i = 0; i < count; i++) {
            InStream s = streams.computeIfAbsent(skipStreams[i], k -> new InStream());
            if (!ssnBefore(skipSsns[i], s.nextSsn)) {
                s.nextSsn = (skipSsns[i] + 1) & 0xFFFF;
                for (Iterator<Map.Entry<Integer, Complete>> it = s.waiting.entrySet().iterator(); it.hasNext(); ) {
                    Map.Entry<Integer, Complete> e = it.next();
                    if (ssnBefore(e.getKey(), s.nextSsn)) {
                        bufferedBytes -= e.getValue().data.length;
                        it.remove();
                    }
                }
                drain(skipStreams[i], s);
            }
        }
    }

    /** RFC 6525: the peer's outgoing stream restarts at SSN 0. */
    void resetStream(int stream) {
        InStream s = streams.remove(stream);
        if (s != null) {
            for (Complete c : s.waiting.values()) {
                bufferedBytes -= c.data.length;
            }
        }
    }

    static boolean ssnBefore(int a, int b) {
        return (short) (a - b) < 0;
    }
}
