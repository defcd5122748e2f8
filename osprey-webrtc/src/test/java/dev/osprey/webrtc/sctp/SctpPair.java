package dev.osprey.webrtc.sctp;

/** Two associations on a {@link VirtualNetwork}, both started like WebRTC peers do. */
final class SctpPair {
    final VirtualNetwork net;
    final SctpAssociation a;
    final SctpAssociation b;
    final RecordingSctpListener la = new RecordingSctpListener();
    final RecordingSctpListener lb = new RecordingSctpListener();
    /** The verification tag B expects, as seen on A's packets. */
    byte[] bTag = new byte[4];
    int largestPacketFromA;

    SctpPair(long seed, SctpConfig configA, SctpConfig configB) {
        net = new VirtualNetwork(seed);
        SctpPacketSink towardsB = net.sinkFrom(0);
        a = new SctpAssociation(configA, (buf, off, len) -> {
            int tag = ((buf[off + 4] & 0xFF) << 24) | ((buf[off + 5] & 0xFF) << 16) | ((buf[off + 6] & 0xFF) << 8)
                    | (buf[off + 7] & 0xFF);
            if (tag != 0) {
                bTag = java.util.Arrays.copyOfRange(buf, off + 4, off + 8);
            }
            largestPacketFromA = Math.max(largestPacketFromA, len);
            towardsB.sendPacket(buf, off, len);
        }, la, net.clock());
        b = new SctpAssociation(configB, net.sinkFrom(1), lb, net.clock());
        net.attach(0, VirtualNetwork.of(a));
        net.attach(1, VirtualNetwork.of(b));
    }

    SctpPair(long seed) {
        this(seed, SctpConfig.webRtcDefaults(), SctpConfig.webRtcDefaults());
    }

    /** Both sides send INIT (the usual WebRTC case) and the handshake completes. */
    SctpPair connect() {
        a.start();
        b.start();
        if (!net.runUntil(() -> a.state() == SctpState.ESTABLISHED && b.state() == SctpState.ESTABLISHED,
                60_000_000_000L)) {
            throw new AssertionError("association not established: " + a.state() + " / " + b.state());
        }
        return this;
    }
}
