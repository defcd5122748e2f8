package dev.osprey.webrtc.net;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** Records what the mux hands to a peer. */
final class RecordingEndpoint implements PeerEndpoint {
    final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    final BlockingQueue<String> datagrams = new LinkedBlockingQueue<>();

    @Override
    public void onDatagram(byte[] buf, int off, int len, InetSocketAddress from) {
        datagrams.add(Arrays.toString(Arrays.copyOfRange(buf, off, off + len)) + " from " + from);
    }

    @Override
    public void onSelectedAddressChanged(InetSocketAddress previous, InetSocketAddress current) {
        events.add("selected " + previous + " -> " + current);
    }

    @Override
    public void onConsentExpired() {
        events.add("expired");
    }
}
