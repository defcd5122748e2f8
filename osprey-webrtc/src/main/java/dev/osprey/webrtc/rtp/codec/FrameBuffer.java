package dev.osprey.webrtc.rtp.codec;

import java.util.Arrays;

/**
 * A reusable, growable byte buffer for one encoded frame, with a hard maximum size: an append or
 * insert that would pass it fails, so a hostile stream cannot make a receiver allocate without
 * bound. It grows by doubling and never shrinks, so once it has held the largest frame of a
 * stream it allocates no more. Not thread-safe.
 */
public final class FrameBuffer {
    /** Default hard maximum: 8 MiB, well above any real frame of a live stream. */
    public static final int DEFAULT_MAX_SIZE = 8 << 20;

    private final int maxSize;
    private byte[] data;
    private int length;

    public FrameBuffer() {
        this(16 * 1024, DEFAULT_MAX_SIZE);
    }

    public FrameBuffer(int initialCapacity, int maxSize) {
        if (maxSize < 1 || initialCapacity < 0) {
            throw new IllegalArgumentException("bad sizes: initial " + initialCapacity + ", max " + maxSize);
        }
        this.maxSize = maxSize;
        this.data = new byte[Math.min(initialCapacity, maxSize)];
    }

    /** The backing array; bytes {@code [0, length())} are the frame. Changes identity when the buffer grows. */
    public byte[] data() {
        return data;
    }

    public int length() {
        return length;
    }

    public int maxSize() {
        return maxSize;
    }

    public boolean isEmpty() {
        return length == 0;
    }

    public void clear() {
        length = 0;
    }

    /** Cuts the buffer back to {@code newLength} bytes (at most the current length). */
    public void truncate(int newLength) {
        if (newLength < 0 || newLength > length) {
            throw new IndexOutOfBoundsException(newLength);
        }
        length = newLength;
    }

    public boolean append(byte[] src, int off, int len) {
        if (!reserve(len)) {
            return false;
        }
        System.arraycopy(src, off, data, length, len);
        length += len;
        return true;
    }

    /** Appends the low 8 bits of {@code b}. */
    public boolean appendByte(int b) {
        if (!reserve(1)) {
            return false;
        }
        data[length++] = (byte) b;
        return true;
    }

    /** Appends a 32-bit big-endian value. */
    public boolean appendInt(int v) {
        if (!reserve(4)) {
            return false;
        }
        data[length] = (byte) (v >>> 24);
        data[length + 1] = (byte) (v >>> 16);
        data[length + 2] = (byte) (v >>> 8);
        data[length + 3] = (byte) v;
        length += 4;
        return true;
    }

    /**
     * Opens a gap of {@code count} bytes at {@code at}, moving the bytes after it back; the caller then
     * writes the gap through {@link #data()} (fetched after this call). False when the maximum would be passed.
     */
    public boolean insertGap(int at, int count) {
        if (at < 0 || at > length || count < 0) {
            throw new IndexOutOfBoundsException(at);
        }
        if (!reserve(count)) {
            return false;
        }
        System.arraycopy(data, at, data, at + count, length - at);
        length += count;
        return true;
    }

    /** Inserts {@code src[off, off+len)} at {@code at}; false when the maximum would be passed. */
    public boolean insert(int at, byte[] src, int off, int len) {
        if (!insertGap(at, len)) {
            return false;
        }
        System.arraycopy(src, off, data, at, len);
        return true;
    }

    /** A copy of the frame, for tests and rare slow paths. */
    public byte[] toByteArray() {
        return Arrays.copyOf(data, length);
    }

    /** Makes room for {@code extra} more bytes; false when that would pass the maximum. */
    private boolean reserve(int extra) {
        long needed = (long) length + extra;
        if (extra < 0 || needed > maxSize) {
            return false;
        }
        if (needed > data.length) {
            long grown = Math.max(needed, Math.max(256L, (long) data.length * 2));
            data = Arrays.copyOf(data, (int) Math.min(grown, maxSize));
        }
        return true;
    }
}
