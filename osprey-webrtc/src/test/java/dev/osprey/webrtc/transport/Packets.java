package dev.osprey.webrtc.transport;

import dev.osprey.webrtc.rtp.rtcp.Pli;
import dev.osprey.webrtc.srtp.SrtpProfile;

/** Plain RTP/RTCP packets in buffers with {@link SrtpProfile#MAX_TRAILER} spare bytes at the end. */
final class Packets {
    private Packets() {
    }

    static byte[] rtp(int seq, int ssrc, byte[] payload) {
        byte[] buf = new byte[12 + payload.length + SrtpProfile.MAX_TRAILER];
        buf[0] = (byte) 0x80;
        buf[1] = 96;
        buf[2] = (byte) (seq >>> 8);
        buf[3] = (byte) seq;
        putInt(buf, 4, seq * 3000);
        putInt(buf, 8, ssrc);
        System.arraycopy(payload, 0, buf, 12, payload.length);
        return buf;
    }

    /** A receiver report without report blocks. */
    static byte[] receiverReport(int ssrc) {
        byte[] buf = new byte[8 + SrtpProfile.MAX_TRAILER];
        buf[0] = (byte) 0x80;
        buf[1] = (byte) 201;
        buf[3] = 1;
        putInt(buf, 4, ssrc);
        return buf;
    }

    static byte[] pli(int senderSsrc, int mediaSsrc) {
        byte[] buf = new byte[Pli.LENGTH + SrtpProfile.MAX_TRAILER];
        Pli.write(buf, 0, senderSsrc, mediaSsrc);
        return buf;
    }

    private static void putInt(byte[] buf, int at, int v) {
        buf[at] = (byte) (v >>> 24);
        buf[at + 1] = (byte) (v >>> 16);
        buf[at + 2] = (byte) (v >>> 8);
        buf[at + 3] = (byte) v;
    }
}
