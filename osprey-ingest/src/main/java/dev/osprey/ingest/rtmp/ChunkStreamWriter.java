package dev.osprey.ingest.rtmp;

import io.netty.buffer.ByteBuf;

/**
 * Writes RTMP messages as chunks (RTMP specification 1.0, §5.3): a type 0 header on the first
 * chunk, type 3 on the rest, extended timestamps when needed. The server sends little (protocol
 * control, command replies), so every message starts with a full header.
 */
public final class ChunkStreamWriter {
    /** Chunk stream of protocol control messages (§5.4). */
    public static final int CONTROL_CHUNK_STREAM = 2;
    /** Chunk stream this server sends its command messages on. */
    public static final int COMMAND_CHUNK_STREAM = 3;

    private int chunkSize = ChunkStreamReader.DEFAULT_CHUNK_SIZE;

    /** Sets the size of the chunks written from now on (send a Set Chunk Size message first). */
    public void chunkSize(int size) {
        if (size < 1 || size > ChunkStreamReader.MAX_CHUNK_SIZE) {
            throw new IllegalArgumentException("chunk size " + size);
        }
        chunkSize = size;
    }

    /** Appends one message, cut into chunks, to {@code out}. */
    public void write(ByteBuf out, int chunkStreamId, int typeId, int messageStreamId, long timestamp,
                      ByteBuf payload) {
        if (chunkStreamId < 2 || chunkStreamId > 63) {
            throw new IllegalArgumentException("this writer uses one-byte chunk stream ids: " + chunkStreamId);
        }
        boolean extended = timestamp >= 0xFFFFFF;
        int length = payload.readableBytes();
        out.writeByte(chunkStreamId);
        out.writeMedium(extended ? 0xFFFFFF : (int) timestamp);
        out.writeMedium(length);
        out.writeByte(typeId);
        out.writeIntLE(messageStreamId);
        if (extended) {
            out.writeInt((int) timestamp);
        }
        int written = 0;
        do {
            if (written > 0) {
                out.writeByte(0xC0 | chunkStreamId);
                if (extended) {
                    out.writeInt((int) timestamp);
                }
            }
            int n = Math.min(chunkSize, length - written);
            out.writeBytes(payload, payload.readerIndex() + written, n);
            written += n;
        } while (written < length);
    }
}
