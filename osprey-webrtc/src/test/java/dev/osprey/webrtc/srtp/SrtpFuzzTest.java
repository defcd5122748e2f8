package dev.osprey.webrtc.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Random and mutated packets into unprotect: only error codes or genuine plaintext, never an exception. */
class SrtpFuzzTest {

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void tenThousandRandomAndMutatedPackets(SrtpProfile profile) {
        Random random = new Random(profile.ordinal() * 31L + 5);
        byte[] material = new byte[SrtpSession.keyingMaterialLength(profile)];
        random.nextBytes(material);
        SrtpSession sender = SrtpSession.fromDtlsKeyingMaterial(profile, material, true);
        SrtpSession receiver = SrtpSession.fromDtlsKeyingMaterial(profile, material, false);
        int accepted = 0;
        int rejected = 0;
        for (int i = 0; i < 10_000; i++) {
            boolean rtcp = (i & 1) == 1;
            byte[] buf = new byte[1600];
            int len;
            if (i % 4 < 2) {
                // valid protected packet, then mutated: flipped bits, cut, or junk appended
                byte[] plain = rtcp ? SrtpRoundTripTest.rtcp(random.nextInt())
                        : SrtpRoundTripTest.rtp(random.nextInt(65536), random.nextInt(4), random.nextInt(16),
                                random.nextBoolean(), random.nextInt(1200));
                System.arraycopy(plain, 0, buf, 0, plain.length);
                len = rtcp ? sender.protectRtcp(buf, 0, plain.length) : sender.protectRtp(buf, 0, plain.length);
                switch (random.nextInt(4)) {
                    case 0 -> buf[random.nextInt(len)] ^= (byte) (1 << random.nextInt(8));
                    case 1 -> len = random.nextInt(len);
                    case 2 -> len = Math.min(buf.length, len + 1 + random.nextInt(40));
                    default -> {
                        // left intact: must be accepted unless it collides with an earlier index
                    }
                }
            } else {
                len = random.nextInt(1500);
                random.nextBytes(buf);
                if (random.nextBoolean()) {
                    buf[0] = (byte) (0x80 | buf[0] & 0x3f); // version 2, to get past the first check
                }
            }
            int result = rtcp ? receiver.unprotectRtcp(buf, 0, len) : receiver.unprotectRtp(buf, 0, len);
            assertThat(result).isLessThanOrEqualTo(len);
            if (result >= 0) {
                accepted++;
            } else {
                rejected++;
            }
        }
        assertThat(accepted).isPositive();
        assertThat(rejected).isGreaterThan(5000);
    }
}
