package dev.osprey.webrtc.srtp;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GHASH, the universal hash of GCM (NIST SP 800-38D §6.4), for one hash key H. Two ways to
 * compute it ({@link Path}): the JDK's own GHASH routine, which HotSpot replaces with carry-less
 * multiply instructions ({@link JdkGhash}), and 4-bit tables in plain Java ({@link TableGhash}),
 * several times slower, for when the JDK's routine cannot be reached.
 *
 * <p>Not thread-safe: the running hash is state of the instance.
 */
abstract sealed class Ghash permits JdkGhash, TableGhash {

    /** How GHASH is computed. */
    enum Path {
        /** {@code com.sun.crypto.provider.GHASH}'s block routine, a HotSpot intrinsic (PCLMULQDQ). */
        JDK_INTRINSIC,
        /** Shoup's 4-bit tables in Java: no JVM flag needed, about 6 times slower. */
        TABLES;

        private static final Logger LOG = LoggerFactory.getLogger(Ghash.class);
        private static final Path BEST = choose();

        /** The JDK's routine when this JVM opens it to us, else the tables; decided once per JVM. */
        static Path best() {
            return BEST;
        }

        private static Path choose() {
            if (JdkGhash.available()) {
                LOG.info("AES-GCM: GHASH through the JDK's carry-less multiply intrinsic");
                return JDK_INTRINSIC;
            }
            LOG.info("AES-GCM: GHASH with Java tables, about 6 times slower; start the JVM with "
                    + "--add-opens java.base/com.sun.crypto.provider=ALL-UNNAMED to use the JDK's intrinsic ({})",
                    JdkGhash.unavailableBecause());
            return TABLES;
        }
    }

    /**
     * @param busy whether the key will hash many large packets (RTP) rather than a few small ones
     *     (RTCP); only the tables make use of it (four lanes, 1 KB, instead of one, 256 bytes)
     * @throws IllegalArgumentException if {@code path} is {@link Path#JDK_INTRINSIC} and this
     *     JVM does not open the JDK's routine
     */
    static Ghash create(Path path, long hashKeyHigh, long hashKeyLow, boolean busy) {
        return switch (path) {
            case JDK_INTRINSIC -> new JdkGhash(hashKeyHigh, hashKeyLow);
            case TABLES -> new TableGhash(hashKeyHigh, hashKeyLow, busy);
        };
    }

    /** Starts a new hash. */
    abstract void reset();

    /**
     * Hashes {@code len} bytes, the last partial block padded with zeros: each call hashes one of
     * GCM's zero-padded strings (the AAD, then the ciphertext).
     */
    abstract void update(byte[] buf, int off, int len);

    /** Hashes the final block: the bit lengths of the AAD and of the ciphertext. */
    abstract void updateLengths(long aadBytes, long textBytes);

    /** Bytes 0-7 of the hash. */
    abstract long high();

    /** Bytes 8-15 of the hash. */
    abstract long low();
}
