package dev.osprey.webrtc.sctp;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** A hand-driven SCTP peer: writes packets byte by byte and parses what the association under test sends. */
final class RawPeer {
    record Chunk(int type, int flags, byte[] value) {
        ByteBuffer buf() {
            return ByteBuffer.wrap(value);
        }
    }

    final long[] clock = {1_000_000_000L};
    final List<byte[]> sent = new ArrayList<>();
    final RecordingSctpListener listener = new RecordingSctpListener();
    final SctpAssociation association;
    private final SctpChecksum checksum = new SctpChecksum();
    final int peerTag = 0x0A0B0C0D;
    final int peerInitialTsn = 1000;
    int associationTag;
    int associationTsn;

    RawPeer(SctpConfig config) {
        association = new SctpAssociation(config,
                (buf, off, len) -> sent.add(java.util.Arrays.copyOfRange(buf, off, off + len)), listener,
                () -> clock[0]);
    }

    RawPeer() {
        this(SctpConfig.webRtcDefaults());
    }

    static byte[] chunk(int type, int flags, byte[] value) {
        int length = 4 + value.length;
        ByteBuffer b = ByteBuffer.allocate((length + 3) & ~3);
        b.put((byte) type).put((byte) flags).putShort((short) length).put(value);
        return b.array();
    }

    byte[] packet(int vtag, byte[]... chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer header = ByteBuffer.allocate(12).putShort((short) 5000).putShort((short) 5000).putInt(vtag).putInt(0);
        out.writeBytes(header.array());
        for (byte[] c : chunks) {
            out.writeBytes(c);
        }
        byte[] p = out.toByteArray();
        SctpChecksum.store(p, 0, checksum.compute(p, 0, p.length));
        return p;
    }

    void deliver(byte[] packet) {
        association.onPacket(packet, 0, packet.length);
    }

    void deliver(int vtag, byte[]... chunks) {
        deliver(packet(vtag, chunks));
    }

    static List<Chunk> chunks(byte[] packet) {
        List<Chunk> out = new ArrayList<>();
        int p = 12;
        while (p + 4 <= packet.length) {
            int len = ((packet[p + 2] & 0xFF) << 8) | (packet[p + 3] & 0xFF);
            out.add(new Chunk(packet[p] & 0xFF, packet[p + 1] & 0xFF,
                    java.util.Arrays.copyOfRange(packet, p + 4, p + len)));
            p += (len + 3) & ~3;
        }
        return out;
    }

    static int vtag(byte[] packet) {
        return ByteBuffer.wrap(packet).getInt(4);
    }

    /** All chunks of one type sent since the last call, and forgets every sent packet. */
    List<Chunk> take(int type) {
        List<Chunk> out = new ArrayList<>();
        for (byte[] p : sent) {
            for (Chunk c : chunks(p)) {
                if (c.type() == type) {
                    out.add(c);
                }
            }
        }
        sent.clear();
        return out;
    }

    static byte[] initValue(int tag, int tsn, byte[]... params) {
        return initValue(tag, tsn, 1024, 1024, params);
    }

    static byte[] initValue(int tag, int tsn, int outboundStreams, int inboundStreams, byte[]... params) {
        ByteBuffer b = ByteBuffer.allocate(16 + java.util.Arrays.stream(params).mapToInt(x -> x.length).sum());
        b.putInt(tag).putInt(1 << 20).putShort((short) outboundStreams).putShort((short) inboundStreams).putInt(tsn);
        for (byte[] x : params) {
            b.put(x);
        }
        return b.array();
    }

    static byte[] param(int type, byte[] value) {
        int length = 4 + value.length;
        ByteBuffer b = ByteBuffer.allocate((length + 3) & ~3);
        b.putShort((short) type).putShort((short) length).put(value);
        return b.array();
    }

    static byte[] extensions() {
        return param(0x8008, new byte[] {(byte) 0x82, (byte) 0xC0});
    }

    static byte[] data(int tsn, int stream, int ssn, int ppid, int flags, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(12 + payload.length);
        b.putInt(tsn).putShort((short) stream).putShort((short) ssn).putInt(ppid).put(payload);
        return chunk(0, flags, b.array());
    }

    static byte[] sack(int cumulative, int arwnd, int[][] gaps) {
        ByteBuffer b = ByteBuffer.allocate(12 + 4 * gaps.length);
        b.putInt(cumulative).putInt(arwnd).putShort((short) gaps.length).putShort((short) 0);
        for (int[] g : gaps) {
            b.putShort((short) g[0]).putShort((short) g[1]);
        }
        return chunk(3, 0, b.array());
    }

    /** Runs the peer-initiated handshake so the association is established with known tags and TSNs. */
    RawPeer established() {
        return established(1024);
    }

    /** The same, with the peer asking for {@code streams} streams each way in its INIT. */
    RawPeer established(int streams) {
        deliver(0, chunk(1, 0, initValue(peerTag, peerInitialTsn, streams, streams, extensions(),
                param(0xC000, new byte[0]))));
        Chunk initAck = take(2).get(0);
        associationTag = initAck.buf().getInt(0);
        associationTsn = initAck.buf().getInt(12);
        byte[] cookie = cookieOf(initAck);
        deliver(associationTag, chunk(10, 0, cookie));
        if (take(11).size() != 1 || association.state() != SctpState.ESTABLISHED) {
            throw new AssertionError("handshake failed");
        }
        return this;
    }

    static byte[] cookieOf(Chunk initAck) {
        byte[] v = initAck.value();
        int p = 16;
        while (p + 4 <= v.length) {
            int type = ((v[p] & 0xFF) << 8) | (v[p + 1] & 0xFF);
            int len = ((v[p + 2] & 0xFF) << 8) | (v[p + 3] & 0xFF);
            if (type == 7) {
                return java.util.Arrays.copyOfRange(v, p + 4, p + len);
            }
            p += (len + 3) & ~3;
        }
        throw new AssertionError("no cookie");
    }

    void advance(long nanos) {
        clock[0] += nanos;
        association.tick(clock[0]);
    }
}
