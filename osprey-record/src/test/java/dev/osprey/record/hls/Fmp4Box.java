package dev.osprey.record.hls;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A box read back from bytes the tests produced: its type and where it lies in {@code data}. */
record Fmp4Box(byte[] data, String type, int start, int end) {

    /** The top-level boxes of {@code data}. */
    static List<Fmp4Box> parse(byte[] data) {
        return parse(data, 0, data.length);
    }

    /** The boxes laid one after another in {@code data[from, to)}. */
    static List<Fmp4Box> parse(byte[] data, int from, int to) {
        List<Fmp4Box> boxes = new ArrayList<>();
        int at = from;
        while (at + 8 <= to) {
            int size = (int) u32(data, at);
            if (size < 8 || at + size > to) {
                throw new IllegalStateException("bad box size " + size + " at " + at);
            }
            boxes.add(new Fmp4Box(data, new String(data, at + 4, 4, StandardCharsets.US_ASCII), at, at + size));
            at += size;
        }
        if (at != to) {
            throw new IllegalStateException("trailing bytes after the boxes at " + at);
        }
        return boxes;
    }

    /** The boxes inside this one, which holds nothing but boxes after {@code skip} bytes of its own. */
    List<Fmp4Box> children(int skip) {
        return parse(data, start + 8 + skip, end);
    }

    List<Fmp4Box> children() {
        return children(0);
    }

    /** The first child of {@code type}. */
    Fmp4Box child(String type) {
        return children().stream().filter(b -> b.type.equals(type)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " in " + this.type));
    }

    /** The unsigned 32-bit value at {@code offset} bytes after the box header. */
    long u32At(int offset) {
        return u32(data, start + 8 + offset);
    }

    /** The 64-bit value at {@code offset} bytes after the box header. */
    long u64At(int offset) {
        return u32At(offset) << 32 | u32At(offset + 4);
    }

    int size() {
        return end - start;
    }

    static long u32(byte[] data, int at) {
        return (data[at] & 0xFFL) << 24 | (data[at + 1] & 0xFF) << 16 | (data[at + 2] & 0xFF) << 8 | data[at + 3] & 0xFF;
    }
}
