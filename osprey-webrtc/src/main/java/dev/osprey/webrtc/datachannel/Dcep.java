package dev.osprey.webrtc.datachannel;

import java.nio.charset.StandardCharsets;

/** Data Channel Establishment Protocol messages (RFC 8832) and the WebRTC payload protocol ids (RFC 8831). */
final class Dcep {
    static final int PPID_DCEP = 50;
    static final int PPID_STRING = 51;
    static final int PPID_BINARY = 53;
    static final int PPID_STRING_EMPTY = 56;
    static final int PPID_BINARY_EMPTY = 57;

    static final int MESSAGE_ACK = 0x02;
    static final int MESSAGE_OPEN = 0x03;

    static final int CHANNEL_RELIABLE = 0x00;
    static final int CHANNEL_PARTIAL_RELIABLE_REXMIT = 0x01;
    static final int CHANNEL_PARTIAL_RELIABLE_TIMED = 0x02;
    static final int UNORDERED_BIT = 0x80;

    private static final int OPEN_HEADER = 12;
    /** Longest label and protocol accepted in a DATA_CHANNEL_OPEN, bytes of UTF-8 each. */
    static final int MAX_LABEL_BYTES = 1024;

    /** A parsed DATA_CHANNEL_OPEN. */
    record Open(int channelType, int priority, long reliability, String label, String protocol) {
        boolean ordered() {
            return (channelType & UNORDERED_BIT) == 0;
        }

        int maxRetransmits() {
            return (channelType & 0x7F) == CHANNEL_PARTIAL_RELIABLE_REXMIT ? (int) Math.min(reliability, 65_535) : -1;
        }

        int maxPacketLifeTime() {
            return (channelType & 0x7F) == CHANNEL_PARTIAL_RELIABLE_TIMED ? (int) Math.min(reliability, 65_535) : -1;
        }
    }

    private Dcep() {
    }

    static byte[] open(DataChannelInit init) {
        byte[] label = init.label().getBytes(StandardCharsets.UTF_8);
        byte[] protocol = init.protocol().getBytes(StandardCharsets.UTF_8);
        if (label.length > 65_535 || protocol.length > 65_535) {
            throw new IllegalArgumentException("label or protocol longer than 65535 bytes");
        }
        int type;
        long reliability = 0;
        if (init.maxRetransmits() >= 0) {
            type = CHANNEL_PARTIAL_RELIABLE_REXMIT;
            reliability = init.maxRetransmits();
        } else if (init.maxPacketLifeTime() >= 0) {
            type = CHANNEL_PARTIAL_RELIABLE_TIMED;
            reliability = init.maxPacketLifeTime();
        } else {
            type = CHANNEL_RELIABLE;
        }
        if (!init.ordered()) {
            type |= UNORDERED_BIT;
        }
        byte[] m = new byte[OPEN_HEADER + label.length + protocol.length];
        m[0] = MESSAGE_OPEN;
        m[1] = (byte) type;
        // priority 0 (bytes 2-3): browsers ignore it for scheduling
        m[4] = (byte) (reliability >>> 24);
        m[5] = (byte) (reliability >>> 16);
        m[6] = (byte) (reliability >>> 8);
        m[7] = (byte) reliability;
        m[8] = (byte) (label.length >>> 8);
        m[9] = (byte) label.length;
        m[10] = (byte) (protocol.length >>> 8);
        m[11] = (byte) protocol.length;
        System.arraycopy(label, 0, m, OPEN_HEADER, label.length);
        System.arraycopy(protocol, 0, m, OPEN_HEADER + label.length, protocol.length);
        return m;
    }

    static byte[] ack() {
        return new byte[] {MESSAGE_ACK};
    }

    /** A well-formed DATA_CHANNEL_OPEN whose label or protocol is longer than {@link #MAX_LABEL_BYTES}. */
    static boolean hasOversizedNames(byte[] m) {
        if (m.length < OPEN_HEADER || m[0] != MESSAGE_OPEN) {
            return false;
        }
        int labelLength = ((m[8] & 0xFF) << 8) | (m[9] & 0xFF);
        int protocolLength = ((m[10] & 0xFF) << 8) | (m[11] & 0xFF);
        return labelLength > MAX_LABEL_BYTES || protocolLength > MAX_LABEL_BYTES;
    }

    /**
     * @return the OPEN, or null if the message is not a well-formed DATA_CHANNEL_OPEN or its label or
     *     protocol is longer than {@link #MAX_LABEL_BYTES}
     */
    static Open parseOpen(byte[] m) {
        if (m.length < OPEN_HEADER || m[0] != MESSAGE_OPEN) {
            return null;
        }
        int type = m[1] & 0xFF;
        if ((type & 0x7F) > CHANNEL_PARTIAL_RELIABLE_TIMED) {
            return null;
        }
        int priority = ((m[2] & 0xFF) << 8) | (m[3] & 0xFF);
        long reliability = ((m[4] & 0xFFL) << 24) | ((m[5] & 0xFF) << 16) | ((m[6] & 0xFF) << 8) | (m[7] & 0xFF);
        int labelLength = ((m[8] & 0xFF) << 8) | (m[9] & 0xFF);
        int protocolLength = ((m[10] & 0xFF) << 8) | (m[11] & 0xFF);
        if (OPEN_HEADER + labelLength + protocolLength != m.length
                || labelLength > MAX_LABEL_BYTES || protocolLength > MAX_LABEL_BYTES) {
            return null;
        }
        String label = new String(m, OPEN_HEADER, labelLength, StandardCharsets.UTF_8);
        String protocol = new String(m, OPEN_HEADER + labelLength, protocolLength, StandardCharsets.UTF_8);
        return new Open(type, priority, reliability, label, protocol);
    }
}
