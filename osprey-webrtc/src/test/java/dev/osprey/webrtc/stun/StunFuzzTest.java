package dev.osprey.webrtc.stun;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * 10,000 random and mutated datagrams through the parser and every accessor: nothing may throw.
 * Mutations start from valid messages so that the fuzzing reaches the attribute walk, not just the
 * header checks.
 */
class StunFuzzTest {
    private static final int ROUNDS = 10_000;

    @Test
    void randomAndMutatedDatagramsNeverThrow() {
        SplittableRandom random = new SplittableRandom(5389);
        MessageIntegrity integrity = new MessageIntegrity("VOkJxbRl1RmTxUk/WvJxBt");
        StunMessage msg = new StunMessage();
        byte[][] seeds = {Rfc5769VectorsTest.REQUEST, Rfc5769VectorsTest.IPV4_RESPONSE, Rfc5769VectorsTest.IPV6_RESPONSE};
        int accepted = 0;
        for (int round = 0; round < ROUNDS; round++) {
            byte[] datagram = switch (round % 4) {
                case 0 -> randomBytes(random, random.nextInt(0, 200));
                case 1 -> randomWithStunHeader(random);
                default -> mutate(random, seeds[random.nextInt(seeds.length)]);
            };
            int off = datagram.length == 0 ? 0 : random.nextInt(0, Math.min(4, datagram.length));
            int len = datagram.length - off;
            if (msg.wrap(datagram, off, len)) {
                accepted++;
                touchEverything(msg, integrity);
            }
        }
        // Mutating only attribute values keeps messages parseable, so the walk is exercised.
        assertThat(accepted).isGreaterThan(500);
    }

    private static void touchEverything(StunMessage msg, MessageIntegrity integrity) {
        msg.username();
        msg.software();
        msg.errorCode();
        msg.errorReason();
        msg.priority();
        msg.tieBreaker();
        msg.useCandidate();
        msg.xorMappedAddress();
        msg.mappedAddress();
        msg.verifyMessageIntegrity(integrity);
        msg.verifyFingerprint();
        for (int i = 0; i < msg.unknownRequiredCount(); i++) {
            msg.unknownRequiredType(i);
        }
    }

    private static byte[] randomBytes(SplittableRandom random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** Random attributes behind a valid header, with a header length that is usually right. */
    private static byte[] randomWithStunHeader(SplittableRandom random) {
        int body = random.nextInt(0, 40) * 4;
        byte[] b = randomBytes(random, 20 + body);
        b[0] &= 0x3F;
        b[2] = (byte) (body >>> 8);
        b[3] = (byte) body;
        b[4] = 0x21;
        b[5] = 0x12;
        b[6] = (byte) 0xa4;
        b[7] = 0x42;
        return b;
    }

    private static byte[] mutate(SplittableRandom random, byte[] seed) {
        byte[] b = Arrays.copyOf(seed, seed.length);
        int kind = random.nextInt(4);
        if (kind == 0) {
            return Arrays.copyOf(b, random.nextInt(0, b.length + 8)); // truncate or extend
        }
        int flips = random.nextInt(1, 6);
        for (int i = 0; i < flips; i++) {
            int at = kind == 1 ? random.nextInt(b.length) : random.nextInt(20, b.length);
            b[at] = (byte) random.nextInt(256);
        }
        return b;
    }
}
