package dev.osprey.webrtc.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.webrtc.dtls.DtlsRole;
import dev.osprey.webrtc.srtp.SrtpProfile;
import java.net.InetSocketAddress;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * 10,000 random and protocol-shaped datagrams from the connected client's own address into a live
 * server-role transport, through the mux: 8,000 handed to the mux on its loop (so any exception would
 * reach the test) and 2,000 sent over real UDP from the client's socket. The session must keep working.
 */
class PeerTransportFuzzTest {
    private static final int DIRECT = 8_000;
    private static final int OVER_UDP = 2_000;
    private TransportPair pair;

    @AfterEach
    void closePair() {
        if (pair != null) {
            pair.close();
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void hostileDatagramsFromThePeerAddressLeaveTheSessionWorking(SrtpProfile profile) throws Exception {
        pair = new TransportPair(PeerTransportLoopbackTest.dtls(profile), DtlsRole.SERVER);
        pair.awaitConnected();
        PeerTransportLoopbackTest.exchangeMedia(pair, 1);
        InetSocketAddress client = pair.server.remoteAddress();
        Random random = new Random(profile.ordinal() * 7919L + 1);

        for (int batch = 0; batch < DIRECT / 100; batch++) {
            byte[][] datagrams = new byte[100][];
            for (int i = 0; i < datagrams.length; i++) {
                datagrams[i] = hostile(random, batch * 100 + i);
            }
            // Run on the mux's loop, as the socket would: an escaping exception fails the future.
            pair.mux.socket().eventLoop().submit(() -> {
                for (byte[] d : datagrams) {
                    pair.mux.onDatagram(d, 0, d.length, client);
                }
            }).get(5, TimeUnit.SECONDS);
        }
        PeerTransportLoopbackTest.exchangeMedia(pair, 1000);
        for (int i = 0; i < OVER_UDP; i++) {
            byte[] d = hostile(random, i);
            pair.client.link().send(d, 0, d.length);
            if (i % 200 == 199) {
                Thread.sleep(5); // let the receiver keep up, so most of them are actually processed
            }
        }

        PeerTransportLoopbackTest.exchangeMedia(pair, 2000);
        assertThat(pair.server.state()).isEqualTo(PeerTransport.State.CONNECTED);
        assertThat(pair.client.state()).isEqualTo(PeerTransport.State.CONNECTED);
        assertThat(pair.server.srtpRejected()).isPositive();
        assertThat(pair.serverEvents.events.poll(100, TimeUnit.MILLISECONDS)).isNull();
    }

    /** Random bytes, or a STUN, DTLS, RTP or RTCP header with a random or truncated body. */
    static byte[] hostile(Random random, int n) {
        int kind = n % 6;
        int length = kind == 5 ? 1 + random.nextInt(12) : 1 + random.nextInt(kind == 2 ? 1400 : 400);
        byte[] d = new byte[length];
        random.nextBytes(d);
        switch (kind) {
            case 1 -> { // STUN: binding request/response header with the magic cookie
                d[0] = (byte) random.nextInt(2);
                if (length > 7) {
                    d[1] = (byte) (random.nextBoolean() ? 0x01 : 0x11);
                    d[4] = 0x21;
                    d[5] = 0x12;
                    d[6] = (byte) 0xA4;
                    d[7] = 0x42;
                }
            }
            case 2 -> { // DTLS record: handshake/alert/CCS/application data, DTLS 1.2 or 1.0, epoch 0 or 1
                d[0] = (byte) (20 + random.nextInt(4));
                if (length > 4) {
                    d[1] = (byte) 0xFE;
                    d[2] = (byte) (random.nextBoolean() ? 0xFD : 0xFF);
                    d[3] = 0;
                    d[4] = (byte) random.nextInt(2);
                }
            }
            case 3 -> { // RTP with the client's SSRC and a forged tag
                d[0] = (byte) 0x80;
                if (length > 11) {
                    d[1] = 96;
                    d[8] = (byte) 0xCA;
                    d[9] = (byte) 0xFE;
                    d[10] = 0;
                    d[11] = 1;
                }
            }
            case 4 -> { // RTCP: SR/RR/SDES/BYE/RTPFB/PSFB
                d[0] = (byte) (0x80 | random.nextInt(32));
                if (length > 1) {
                    d[1] = (byte) (200 + random.nextInt(7));
                }
            }
            default -> {
                // random bytes, or a short fragment of anything
            }
        }
        return d;
    }
}
