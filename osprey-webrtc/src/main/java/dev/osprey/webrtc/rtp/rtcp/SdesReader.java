package dev.osprey.webrtc.rtp.rtcp;

import dev.osprey.webrtc.rtp.Bytes;

import java.nio.charset.StandardCharsets;

/**
 * Walks the chunks and items of an SDES packet. {@link #wrap} validates the whole packet (every
 * chunk has its items and null terminator inside the packet); then {@link #nextChunk()} and
 * {@link #nextItem()} step through it. Reusable; no allocation except {@link #itemText()}.
 */
public final class SdesReader {
    private byte[] buf;
    private int off;
    private int end;
    private int chunksLeft;
    private int nextChunk;
    private int chunk = -1;
    private int nextItem;
    private int item = -1;

    public boolean wrap(byte[] buf, int off, int len) {
        this.buf = null;
        if (!Rtcp.is(buf, off, len, Rtcp.PT_SDES)) {
            return false;
        }
        int end = off + len;
        int i = off + Rtcp.HEADER_LENGTH;
        for (int c = Rtcp.count(buf, off); c > 0; c--) {
            i = chunkEnd(buf, off, i, end);
            if (i < 0) {
                return false;
            }
        }
        this.buf = buf;
        this.off = off;
        this.end = end;
        this.chunksLeft = Rtcp.count(buf, off);
        this.nextChunk = off + Rtcp.HEADER_LENGTH;
        this.chunk = -1;
        this.item = -1;
        return true;
    }

    /** Offset just past the chunk starting at {@code i} (32-bit aligned relative to {@code base}), or -1. */
    private static int chunkEnd(byte[] buf, int base, int i, int end) {
        int j = i + 4;
        while (true) {
            if (j >= end) {
                return -1;
            }
            if (buf[j] == Sdes.ITEM_END) {
                int aligned = base + ((j + 1 - base + 3) & ~3);
                return aligned <= end ? aligned : -1;
            }
            if (j + 2 > end) {
                return -1;
            }
            j += 2 + (buf[j + 1] & 0xFF);
        }
    }

    /** Advances to the next chunk; false when all SC chunks have been visited. */
    public boolean nextChunk() {
        if (buf == null || chunksLeft == 0) {
            return false;
        }
        chunksLeft--;
        chunk = nextChunk;
        nextChunk = chunkEnd(buf, off, chunk, end);
        nextItem = chunk + 4;
        item = -1;
        return true;
    }

    public int chunkSsrc() {
        return Bytes.i32(buf, chunk);
    }

    /** Advances to the next item of the current chunk; false at its null terminator. */
    public boolean nextItem() {
        if (chunk < 0 || buf[nextItem] == Sdes.ITEM_END) {
            return false;
        }
        item = nextItem;
        nextItem = item + 2 + (buf[item + 1] & 0xFF);
        return true;
    }

    public int itemType() {
        return buf[item] & 0xFF;
    }

    /** Absolute offset of the current item's text. */
    public int itemOffset() {
        return item + 2;
    }

    public int itemLength() {
        return buf[item + 1] & 0xFF;
    }

    /** The current item's text decoded as UTF-8 (allocates; for control-plane use). */
    public String itemText() {
        return new String(buf, itemOffset(), itemLength(), StandardCharsets.UTF_8);
    }
}
