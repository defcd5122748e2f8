package dev.osprey.webrtc.sctp;

/** Two associations on a {@link VirtualNetwork}, both started like WebRTC peers do. */
final class SctpPair {
    final VirtualNetwork net;
    final SctpAssociation a;
    final SctpAssociation b;
    final RecordingSctpListener la = new RecordingSctpListener();
    final RecordingSctpListener lb = new RecordingSctpListener();

    SctpPair(long seed, SctpConfig configA, SctpConfig configB) {
        net = new VirtualNetwork(seed);
        a = new SctpAssociation(configA, net.sinkFrom(0), la, net.clock());
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
