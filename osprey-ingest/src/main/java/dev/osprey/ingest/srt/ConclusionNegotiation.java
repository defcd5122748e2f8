package dev.osprey.ingest.srt;

import io.netty.buffer.ByteBuf;

/**
 * What the listener makes of a caller's conclusion once its cookie is good: the terms of the
 * connection and the response that announces them, or the reason to reject it. Live mode only,
 * no packet filter or groups; encryption exactly when we have a passphrase, with the same one.
 */
final class ConclusionNegotiation {
    private static final int OUR_SRT_VERSION = 0x00010500;
    private static final int OUR_FLAGS = HandshakeExtensions.FLAG_TSBPD_SEND | HandshakeExtensions.FLAG_TSBPD_RECEIVE
            | HandshakeExtensions.FLAG_HAICRYPT | HandshakeExtensions.FLAG_TOO_LATE_PACKET_DROP
            | HandshakeExtensions.FLAG_NAK_REPORT | HandshakeExtensions.FLAG_REXMIT;
    private static final int MIN_MTU = 76;
    private static final int MAX_MTU = 1500;

    sealed interface Outcome permits Refusal, Agreement {
    }

    record Refusal(int reason, String why) implements Outcome {
    }

    /** The terms, and the decryptor when the caller encrypts (its key material was unwrapped). */
    record Agreement(HandshakeExtensions extensions, KeyMaterial keyMaterial, PayloadDecryptor decryptor,
                     int receiveLatencyMillis, int sendLatencyMillis) implements Outcome {
    }

    private ConclusionNegotiation() {
    }

    static Outcome negotiate(Handshake hs, ByteBuf extensionBlocks, SrtSettings settings) {
        if (hs.version() != 5) {
            return new Refusal(RejectReason.VERSION, "handshake version " + hs.version() + " (HSv5 callers only)");
        }
        HandshakeExtensions ext;
        try {
            ext = HandshakeExtensions.read(extensionBlocks);
        } catch (IllegalArgumentException e) {
            return new Refusal(RejectReason.ROGUE, e.getMessage());
        }
        if (!ext.hasHsreq) {
            return new Refusal(RejectReason.ROGUE, "no HSREQ");
        }
        if ((ext.srtFlags & HandshakeExtensions.FLAG_STREAM) != 0) {
            return new Refusal(RejectReason.MESSAGEAPI, "stream (file) mode");
        }
        if (ext.congestion != null && !ext.congestion.equals("live")) {
            return new Refusal(RejectReason.CONGESTION, "congestion control " + ext.congestion);
        }
        if (ext.hasFilter) {
            return new Refusal(RejectReason.FILTER, "packet filter");
        }
        if (ext.hasGroup) {
            return new Refusal(RejectReason.GROUP, "socket groups");
        }
        if ((ext.keyMaterial != null) != (settings.passphrase() != null)) {
            return new Refusal(RejectReason.UNSECURE, ext.keyMaterial != null
                    ? "the caller encrypts; this listener has no passphrase" : "the caller does not encrypt");
        }
        KeyMaterial km = null;
        PayloadDecryptor decryptor = null;
        if (ext.keyMaterial != null) {
            try {
                km = KeyMaterial.parse(ext.keyMaterial);
                decryptor = PayloadDecryptor.open(km, settings.passphrase());
            } catch (KeyMaterial.KeyMaterialException e) {
                return new Refusal(e.reason, e.getMessage());
            }
        }
        return new Agreement(ext, km, decryptor, Math.max(settings.latencyMillis(), ext.callerSendLatency),
                Math.max(settings.latencyMillis(), ext.callerReceiveLatency));
    }

    /** Our conclusion response's CIF: the caller's ISN, the smaller MTU, our buffer, our new socket id. */
    static Handshake response(Handshake hs, Agreement agreement, int socketId, SrtSettings settings) {
        return new Handshake(5, 0, Handshake.EXT_HSREQ | (agreement.keyMaterial() != null ? Handshake.EXT_KMREQ : 0),
                hs.initialSequence(), Math.min(Math.max(hs.mtu(), MIN_MTU), MAX_MTU), settings.receiveBufferPackets(),
                Handshake.CONCLUSION, socketId, hs.cookie());
    }

    /** The response's extensions: HSRSP with the agreed latencies, and KMRSP (the KMREQ echoed) if encrypting. */
    static void writeResponseExtensions(ByteBuf out, Agreement agreement) {
        out.writeShort(HandshakeExtensions.HSRSP).writeShort(3);
        out.writeInt(OUR_SRT_VERSION);
        out.writeInt(OUR_FLAGS);
        out.writeShort(agreement.receiveLatencyMillis()).writeShort(agreement.sendLatencyMillis());
        KeyMaterial km = agreement.keyMaterial();
        if (km != null) {
            int padded = (km.message.length + 3) & ~3;
            out.writeShort(HandshakeExtensions.KMRSP).writeShort(padded / 4);
            out.writeBytes(km.message);
            out.writeZero(padded - km.message.length);
        }
    }
}
