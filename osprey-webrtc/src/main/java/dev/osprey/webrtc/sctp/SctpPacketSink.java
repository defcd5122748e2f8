package dev.osprey.webrtc.sctp;

/**
 * Where an association's outgoing SCTP packets go: normally one DTLS application data record each
 * ({@code DtlsEndpoint.sendApplicationData}). The buffer is reused after the call returns, so a sink that
 * keeps the bytes must copy them. Never called concurrently for one association.
 */
@FunctionalInterface
public interface SctpPacketSink {
    void sendPacket(byte[] buf, int off, int len);
}
