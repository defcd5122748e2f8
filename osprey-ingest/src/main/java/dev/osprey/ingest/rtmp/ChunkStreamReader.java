package dev.osprey.ingest.rtmp;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Reassembles RTMP messages from the chunk stream (RTMP specification 1.0, §5.3): basic headers of
 * one to three bytes, message headers of type 0–3, extended timestamps, and the two protocol
 * control messages that change how chunks are read (Set Chunk Size and Abort), which it applies
 * itself. Every other complete message goes to the {@link Handler}.
 *
 * <p>{@link #read} takes what is readable and leaves an incomplete chunk in the buffer for the next
 * call, so it fits a cumulating Netty decoder. A message's payload grows with the chunks that
 * actually arrived, never to its announced length up front, so a peer that announces large messages
 * and sends nothing costs nothing. Limits: {@link #MAX_CHUNK_SIZE}, the message length given to the
 * constructor, and {@link #MAX_CHUNK_STREAMS} chunk streams at once.
 */
public final class ChunkStreamReader {
    /** Largest chunk size a peer may set (the format allows 2^31 − 1; encoders use 4 KB to 64 KB). */
    public static final int MAX_CHUNK_SIZE = 1 << 24;
    /** Distinct chunk stream ids a connection may use (encoders use fewer than ten). */
    public static final int MAX_CHUNK_STREAMS = 64;
    /** Chunk size until the peer sets another (§5.4.1). */
    public static final int DEFAULT_CHUNK_SIZE = 128;

    static final int SET_CHUNK_SIZE = 1;
    static final int ABORT = 2;
    private static final int EXTENDED = 0xFFFFFF;
    private static final int INITIAL_PAYLOAD = 4096;

    /** Receives each complete message; {@code payload} is the caller's to keep. */
    @FunctionalInterface
    public interface Handler {
        void onMessage(int chunkStreamId, int typeId, int messageStreamId, long timestamp, byte[] payload)
                throws RtmpProtocolException;
    }

    private final int maxMessageLength;
    private final Handler handler;
    private final Map<Integer, ChunkStream> streams = new HashMap<>();
    private int chunkSize = DEFAULT_CHUNK_SIZE;

    /**
     * @param maxMessageLength the longest message accepted (a keyframe of the highest bitrate the
     *                         server takes must fit); at most 16 MB − 1, the format's own limit
     */
    public ChunkStreamReader(int maxMessageLength, Handler handler) {
        if (maxMessageLength < 1 || maxMessageLength > 0xFFFFFF) {
            throw new IllegalArgumentException("maxMessageLength must be 1..16777215: " + maxMessageLength);
        }
        this.maxMessageLength = maxMessageLength;
        this.handler = handler;
    }

    /** The chunk size the peer set last. */
    public int chunkSize() {
        return chunkSize;
    }

    /** Reads every complete chunk in {@code in}; an incomplete one stays unread. */
    public void read(ByteBuf in) throws RtmpProtocolException {
        while (in.isReadable()) {
            int start = in.readerIndex();
            if (!readChunk(in)) {
                in.readerIndex(start);
                return;
            }
        }
    }

    /** Reads one chunk; false (with the reader index anywhere) when it is not all there yet. */
    private boolean readChunk(ByteBuf in) throws RtmpProtocolException {
        int first = in.readUnsignedByte();
        int format = first >>> 6;
        int csid = first & 0x3F;
        if (csid == 0) {
            if (!in.isReadable()) {
                return false;
            }
            csid = 64 + in.readUnsignedByte();
        } else if (csid == 1) {
            if (in.readableBytes() < 2) {
                return false;
            }
            csid = 64 + in.readUnsignedByte() + (in.readUnsignedByte() << 8);
        }
        int headerLength = switch (format) {
            case 0 -> 11;
            case 1 -> 7;
            case 2 -> 3;
            default -> 0;
        };
        if (in.readableBytes() < headerLength) {
            return false;
        }
        ChunkStream s = streams.get(csid);
        if (s == null) {
            if (format != 0) {
                throw new RtmpProtocolException("chunk stream " + csid + " starts with a type " + format + " header");
            }
            if (streams.size() >= MAX_CHUNK_STREAMS) {
                throw new RtmpProtocolException("more than " + MAX_CHUNK_STREAMS + " chunk streams");
            }
            s = new ChunkStream();
        }
        // Header fields go into locals first: an incomplete chunk must leave the stream's state as it was.
        int timestampField = s.timestampField;
        int length = s.length;
        int typeId = s.typeId;
        int messageStreamId = s.messageStreamId;
        if (format <= 2) {
            timestampField = in.readUnsignedMedium();
        }
        if (format <= 1) {
            length = in.readUnsignedMedium();
            typeId = in.readUnsignedByte();
        }
        if (format == 0) {
            messageStreamId = in.readIntLE();
        }
        long timestampValue = timestampField;
        if (timestampField == EXTENDED) {
            if (in.readableBytes() < 4) {
                return false;
            }
            timestampValue = in.readUnsignedInt();
        }
        boolean continuing = s.received > 0;
        if (continuing && format != 3) {
            throw new RtmpProtocolException("chunk stream " + csid + ": a new message header before the last message ended");
        }
        int payloadBytes = Math.min(chunkSize, (continuing ? s.length : length) - s.received);
        if (in.readableBytes() < payloadBytes) {
            return false;
        }

        // The whole chunk is here: commit.
        if (!continuing) {
            if (length > maxMessageLength) {
                throw new RtmpProtocolException("message of " + length + " bytes on chunk stream " + csid
                        + " (limit " + maxMessageLength + ")");
            }
            switch (format) {
                case 0 -> {
                    s.timestamp = timestampValue;
                    s.delta = 0;
                }
                case 1, 2 -> {
                    s.delta = timestampValue;
                    s.timestamp = (s.timestamp + timestampValue) & 0xFFFFFFFFL;
                }
                default -> s.timestamp = (s.timestamp + s.delta) & 0xFFFFFFFFL;
            }
            s.timestampField = timestampField;
            s.length = length;
            s.typeId = typeId;
            s.messageStreamId = messageStreamId;
            streams.putIfAbsent(csid, s);
        }
        s.append(in, payloadBytes);
        if (s.received == s.length) {
            byte[] payload = s.take();
            deliver(csid, s, payload);
        }
        return true;
    }

    private void deliver(int csid, ChunkStream s, byte[] payload) throws RtmpProtocolException {
        if (s.messageStreamId == 0 && (s.typeId == SET_CHUNK_SIZE || s.typeId == ABORT)) {
            if (payload.length < 4) {
                throw new RtmpProtocolException("protocol control message " + s.typeId + " of " + payload.length + " bytes");
            }
            int value = int32(payload);
            if (s.typeId == SET_CHUNK_SIZE) {
                if (value < 1 || value > MAX_CHUNK_SIZE) {
                    throw new RtmpProtocolException("chunk size " + Integer.toUnsignedString(value) + " (allowed 1.."
                            + MAX_CHUNK_SIZE + ")");
                }
                chunkSize = value;
            } else {
                ChunkStream aborted = streams.get(value);
                if (aborted != null) {
                    aborted.take();
                }
            }
            return;
        }
        handler.onMessage(csid, s.typeId, s.messageStreamId, s.timestamp, payload);
    }

    /** The big-endian 32-bit value at the start of a protocol control message (at least 4 bytes). */
    static int int32(byte[] payload) {
        return ((payload[0] & 0xFF) << 24) | ((payload[1] & 0xFF) << 16) | ((payload[2] & 0xFF) << 8)
                | (payload[3] & 0xFF);
    }

    /** One chunk stream's last header and the message being reassembled on it. */
    private static final class ChunkStream {
        int timestampField;
        long timestamp;
        long delta;
        int length;
        int typeId;
        int messageStreamId;
        byte[] payload = new byte[0];
        int received;

        void append(ByteBuf in, int bytes) {
            if (received + bytes > payload.length) {
                int capacity = Math.max(received + bytes, Math.min(length, Math.max(INITIAL_PAYLOAD, payload.length * 2)));
                payload = Arrays.copyOf(payload, capacity);
            }
            in.readBytes(payload, received, bytes);
            received += bytes;
        }

        /** The reassembled message (exactly its length); the stream is ready for the next one. */
        byte[] take() {
            byte[] message = payload.length == received ? payload : Arrays.copyOf(payload, received);
            payload = new byte[0];
            received = 0;
            return message;
        }
    }
}
