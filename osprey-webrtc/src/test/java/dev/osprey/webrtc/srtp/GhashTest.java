package dev.osprey.webrtc.srtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import org.junit.jupiter.api.Test;

/** Which GHASH the build's JVMs use, and the bounds the JDK's routine does not check itself. */
class GhashTest {

    /** Surefire's argLine (root pom.xml) opens the JDK's GHASH; without it AES-GCM is several times slower. */
    @Test
    void theJdkIntrinsicIsChosenWhenTheJvmOpensTheJdksGhash() {
        assertThat(Ghash.Path.best())
                .as("--add-opens java.base/com.sun.crypto.provider=ALL-UNNAMED lost? %s", JdkGhash.unavailableBecause())
                .isEqualTo(Ghash.Path.JDK_INTRINSIC);
    }

    @Test
    void theJdkGhashRefusesARangeOutsideTheArray() {
        Ghash ghash = Ghash.create(Ghash.Path.JDK_INTRINSIC, 1, 2, true);
        byte[] buf = new byte[40];
        assertThatExceptionOfType(IndexOutOfBoundsException.class).isThrownBy(() -> ghash.update(buf, 32, 16));
        assertThatExceptionOfType(IndexOutOfBoundsException.class).isThrownBy(() -> ghash.update(buf, -16, 32));
        assertThatExceptionOfType(IndexOutOfBoundsException.class).isThrownBy(() -> ghash.update(buf, 0, -1));
    }

    @Test
    void bothPathsHashTheSameForEveryLengthAndOffset() {
        byte[] buf = new byte[100];
        for (int i = 0; i < buf.length; i++) {
            buf[i] = (byte) (31 * i + 7);
        }
        Ghash jdk = Ghash.create(Ghash.Path.JDK_INTRINSIC, 0x66e94bd4ef8a2c3bL, 0x884cfa59ca342b2eL, true);
        Ghash tables = Ghash.create(Ghash.Path.TABLES, 0x66e94bd4ef8a2c3bL, 0x884cfa59ca342b2eL, true);
        for (int off = 0; off < 4; off++) {
            for (int len = 0; off + len <= buf.length; len++) {
                for (Ghash g : new Ghash[] {jdk, tables}) {
                    g.reset();
                    g.update(buf, off, len);
                    g.update(buf, 0, off);
                    g.updateLengths(len, off);
                }
                assertThat(new long[] {jdk.high(), jdk.low()}).as("offset %d, length %d", off, len)
                        .containsExactly(tables.high(), tables.low());
            }
        }
    }
}
