package dev.osprey.webrtc.stun;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.webrtc.rtp.Hex;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * RFC 5769 §2.1–2.3 (short-term credentials) parsed and rebuilt byte for byte. The vectors pad
 * USERNAME and SOFTWARE with 0x20, so the writer is told to do the same. The long-term-credential
 * vector (§2.4) is not used by ICE and is not covered.
 */
class Rfc5769VectorsTest {
    private static final String PASSWORD = "VOkJxbRl1RmTxUk/WvJxBt";
    private static final byte[] TRANSACTION_ID = Hex.bytes("b7 e7 a7 01 bc 34 d6 86 fa 87 df ae");

    static final byte[] REQUEST = Hex.bytes("""
            00 01 00 58 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
            80 22 00 10 53 54 55 4e 20 74 65 73 74 20 63 6c 69 65 6e 74
            00 24 00 04 6e 00 01 ff
            80 29 00 08 93 2f f9 b1 51 26 3b 36
            00 06 00 09 65 76 74 6a 3a 68 36 76 59 20 20 20
            00 08 00 14 9a ea a7 0c bf d8 cb 56 78 1e f2 b5 b2 d3 f2 49 c1 b5 71 a2
            80 28 00 04 e5 7a 3b cf""");

    static final byte[] IPV4_RESPONSE = Hex.bytes("""
            01 01 00 3c 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
            80 22 00 0b 74 65 73 74 20 76 65 63 74 6f 72 20
            00 20 00 08 00 01 a1 47 e1 12 a6 43
            00 08 00 14 2b 91 f5 99 fd 9e 90 c3 8c 74 89 f9 2a f9 ba 53 f0 6b e7 d7
            80 28 00 04 c0 7d 4c 96""");

    static final byte[] IPV6_RESPONSE = Hex.bytes("""
            01 01 00 48 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
            80 22 00 0b 74 65 73 74 20 76 65 63 74 6f 72 20
            00 20 00 14 00 02 a1 47 01 13 a9 fa a5 d3 f1 79 bc 25 f4 b5 be d2 b9 d9
            00 08 00 14 a3 82 95 4e 4b e6 7b f1 17 84 c9 7c 82 92 c2 75 bf e3 ed 41
            80 28 00 04 c8 fb 0b 4c""");

    private final MessageIntegrity integrity = new MessageIntegrity(PASSWORD);
    private final StunMessage msg = new StunMessage();

    @Test
    void sampleRequestParsesAndVerifies() {
        assertThat(msg.wrap(REQUEST, 0, REQUEST.length)).isTrue();
        assertThat(msg.messageType()).isEqualTo(StunMessageType.BINDING_REQUEST);
        assertThat(msg.transactionIdEquals(TRANSACTION_ID, 0)).isTrue();
        assertThat(msg.software()).isEqualTo("STUN test client");
        assertThat(msg.priority()).isEqualTo(0x6e0001ffL);
        assertThat(msg.hasIceControlled()).isTrue();
        assertThat(msg.hasIceControlling()).isFalse();
        assertThat(msg.tieBreaker()).isEqualTo(0x932ff9b151263b36L);
        assertThat(msg.username()).isEqualTo("evtj:h6vY");
        assertThat(msg.verifyMessageIntegrity(integrity)).isTrue();
        assertThat(msg.verifyFingerprint()).isTrue();
        assertThat(msg.verifyMessageIntegrity(new MessageIntegrity("VOkJxbRl1RmTxUk/WvJxBu"))).isFalse();
    }

    @Test
    void keysTakeTurnsOnOneThreadAndVerifyOnAnother() throws Exception {
        // The HMAC state is per thread and re-keyed per message: a check with another agent's key
        // between two of ours must leave ours intact, and a fresh thread must get the same answer.
        MessageIntegrity other = new MessageIntegrity("VOkJxbRl1RmTxUk/WvJxBu");
        assertThat(msg.wrap(REQUEST, 0, REQUEST.length)).isTrue();
        for (int i = 0; i < 3; i++) {
            assertThat(msg.verifyMessageIntegrity(integrity)).isTrue();
            assertThat(msg.verifyMessageIntegrity(other)).isFalse();
        }
        boolean[] onAnotherThread = new boolean[2];
        Thread t = new Thread(() -> {
            StunMessage m = new StunMessage();
            m.wrap(REQUEST, 0, REQUEST.length);
            onAnotherThread[0] = m.verifyMessageIntegrity(integrity);
            onAnotherThread[1] = m.verifyMessageIntegrity(other);
        });
        t.start();
        t.join();
        assertThat(onAnotherThread).containsExactly(true, false);
    }

    @Test
    void sampleRequestIsRebuiltByteForByte() {
        byte[] out = new byte[200];
        StunWriter w = new StunWriter().begin(out, 0, out.length, StunMessageType.BINDING_REQUEST, TRANSACTION_ID, 0)
                .paddingByte((byte) 0x20)
                .addSoftware("STUN test client")
                .addPriority(0x6e0001ffL)
                .addIceControlled(0x932ff9b151263b36L)
                .addUsername("evtj:h6vY")
                .addMessageIntegrity(integrity)
                .addFingerprint();
        assertThat(Arrays.copyOf(out, w.length())).isEqualTo(REQUEST);
    }

    @Test
    void ipv4ResponseParsesAndIsRebuiltByteForByte() throws Exception {
        InetSocketAddress mapped = new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853);
        assertThat(msg.wrap(IPV4_RESPONSE, 0, IPV4_RESPONSE.length)).isTrue();
        assertThat(msg.messageType()).isEqualTo(StunMessageType.BINDING_SUCCESS_RESPONSE);
        assertThat(msg.xorMappedAddress()).isEqualTo(mapped);
        assertThat(msg.software()).isEqualTo("test vector");
        assertThat(msg.verifyMessageIntegrity(integrity)).isTrue();
        assertThat(msg.verifyFingerprint()).isTrue();

        assertThat(buildResponse(mapped)).isEqualTo(IPV4_RESPONSE);
    }

    @Test
    void ipv6ResponseParsesAndIsRebuiltByteForByte() throws Exception {
        InetSocketAddress mapped = new InetSocketAddress(
                InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), 32853);
        assertThat(msg.wrap(IPV6_RESPONSE, 0, IPV6_RESPONSE.length)).isTrue();
        assertThat(msg.xorMappedAddress()).isEqualTo(mapped);
        assertThat(msg.verifyMessageIntegrity(integrity)).isTrue();
        assertThat(msg.verifyFingerprint()).isTrue();

        assertThat(buildResponse(mapped)).isEqualTo(IPV6_RESPONSE);
    }

    @Test
    void vectorsParseAtAnOffsetInsideALargerBuffer() {
        byte[] framed = new byte[REQUEST.length + 13];
        System.arraycopy(REQUEST, 0, framed, 7, REQUEST.length);
        assertThat(msg.wrap(framed, 7, REQUEST.length)).isTrue();
        assertThat(msg.verifyMessageIntegrity(integrity)).isTrue();
        assertThat(msg.verifyFingerprint()).isTrue();
        assertThat(msg.username()).isEqualTo("evtj:h6vY");
    }

    private byte[] buildResponse(InetSocketAddress mapped) {
        byte[] out = new byte[200];
        StunWriter w = new StunWriter()
                .begin(out, 0, out.length, StunMessageType.BINDING_SUCCESS_RESPONSE, TRANSACTION_ID, 0)
                .paddingByte((byte) 0x20)
                .addSoftware("test vector")
                .addXorMappedAddress(mapped)
                .addMessageIntegrity(integrity)
                .addFingerprint();
        return Arrays.copyOf(out, w.length());
    }
}
