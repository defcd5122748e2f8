package dev.osprey.record.hls;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable big-endian byte buffer for ISO base media file format boxes (ISO/IEC 14496-12 §4.2):
 * {@link #open} writes a box header with a placeholder size that {@link #close} fills in once the
 * contents are known. Reused across calls by its owner ({@link #reset}); not thread-safe.
 */
final class BoxWriter {
    private byte[] buffer;
    private int length;

    BoxWriter(int initialCapacity) {
        buffer = new byte[Math.max(64, initialCapacity)];
    }

    /** Forgets what was written, keeping the buffer for the next use. */
    void reset() {
        length = 0;
    }

    /** How many bytes were written. */
    int position() {
        return length;
    }

    /** A copy of what was written. */
    byte[] toByteArray() {
        return Arrays.copyOf(buffer, length);
    }

    /** Starts a box of {@code type}; returns its start, for {@link #close}. */
    int open(String type) {
        int start = length;
        u32(0);
        fourCc(type);
        return start;
    }

    /** Starts a full box (a box with a version and 24 bits of flags). */
    int openFull(String type, int version, int flags) {
        int start = open(type);
        u32((version & 0xFF) << 24 | flags & 0xFFFFFF);
        return start;
    }

    /** Ends the box that started at {@code start}, writing its size. */
    void close(int start) {
        putU32(start, length - start);
    }

    BoxWriter u8(int value) {
        ensure(1);
        buffer[length++] = (byte) value;
        return this;
    }

    BoxWriter u16(int value) {
        ensure(2);
        buffer[length++] = (byte) (value >>> 8);
        buffer[length++] = (byte) value;
        return this;
    }

    BoxWriter u24(int value) {
        ensure(3);
        buffer[length++] = (byte) (value >>> 16);
        buffer[length++] = (byte) (value >>> 8);
        buffer[length++] = (byte) value;
        return this;
    }

    BoxWriter u32(long value) {
        ensure(4);
        putU32(length, value);
        length += 4;
        return this;
    }

    BoxWriter u64(long value) {
        u32(value >>> 32);
        return u32(value & 0xFFFFFFFFL);
    }

    /** {@code count} zero bytes. */
    BoxWriter zeros(int count) {
        ensure(count);
        Arrays.fill(buffer, length, length + count, (byte) 0);
        length += count;
        return this;
    }

    BoxWriter bytes(byte[] data) {
        return bytes(data, 0, data.length);
    }

    BoxWriter bytes(byte[] data, int offset, int count) {
        ensure(count);
        System.arraycopy(data, offset, buffer, length, count);
        length += count;
        return this;
    }

    /** A four-character code such as a box type or a brand. */
    BoxWriter fourCc(String code) {
        if (code.length() != 4) {
            throw new IllegalArgumentException("not a four-character code: " + code);
        }
        return bytes(code.getBytes(StandardCharsets.US_ASCII));
    }

    /** Overwrites four bytes at {@code at}, e.g. a size or an offset known only later. */
    void putU32(int at, long value) {
        buffer[at] = (byte) (value >>> 24);
        buffer[at + 1] = (byte) (value >>> 16);
        buffer[at + 2] = (byte) (value >>> 8);
        buffer[at + 3] = (byte) value;
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }
}
