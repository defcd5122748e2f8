package dev.osprey.webrtc.srtp;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * GHASH through {@code com.sun.crypto.provider.GHASH.processBlocks}, the routine behind JCE's
 * AES/GCM, which HotSpot's C2 replaces with a carry-less multiply stub (PCLMULQDQ, AVX). The
 * method is private to {@code java.base}: reaching it needs the JVM flag
 * {@code --add-opens java.base/com.sun.crypto.provider=ALL-UNNAMED} (or the {@code Add-Opens}
 * attribute of an executable jar's manifest). The handle is a static final constant and called
 * with {@code invokeExact}, so C2 inlines the call and applies the intrinsic as it does for JCE.
 *
 * <p>The routine's contract, from its source: it hashes whole 16-byte blocks into {@code state}
 * (two big-endian longs) under {@code subkeyTable}, 18 longs whose first two are H; the AVX stub
 * fills the other 16 with powers of H the first time it sees them zero, so the table belongs to
 * one key. It checks no bounds (JCE checks before calling): {@link #update} does it here.
 *
 * <p>Not thread-safe: the running hash and the padding block are state of the instance.
 */
final class JdkGhash extends Ghash {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final String GHASH_CLASS = "com.sun.crypto.provider.GHASH";
    private static final int SUBKEY_TABLE_LONGS = 18;

    /** Why {@link #PROCESS_BLOCKS} is null; null when it is not. */
    private static String unavailableBecause;
    /** {@code (byte[] data, int offset, int blocks, long[] state, long[] subkeyTable) void}, or null. */
    private static final MethodHandle PROCESS_BLOCKS = lookUp();

    private final long[] state = new long[2];
    private final long[] subkeyTable = new long[SUBKEY_TABLE_LONGS];
    /** The zero-padded last block of a string, or the lengths block. */
    private final byte[] block = new byte[16];

    /** @throws IllegalArgumentException if this JVM does not open the JDK's routine */
    JdkGhash(long hashKeyHigh, long hashKeyLow) {
        if (PROCESS_BLOCKS == null) {
            throw new IllegalArgumentException("the JDK's GHASH is out of reach: " + unavailableBecause);
        }
        subkeyTable[0] = hashKeyHigh;
        subkeyTable[1] = hashKeyLow;
    }

    /** Whether this JVM lets us call the JDK's routine, and it agrees with the tables. */
    static boolean available() {
        return PROCESS_BLOCKS != null;
    }

    /** Why {@link #available()} is false, for the log. */
    static String unavailableBecause() {
        return unavailableBecause;
    }

    @Override
    void reset() {
        state[0] = 0;
        state[1] = 0;
    }

    @Override
    void update(byte[] buf, int off, int len) {
        // the stub reads whatever memory it is pointed at: never let it past the array
        Objects.checkFromIndexSize(off, len, buf.length);
        int blocks = len >>> 4;
        if (blocks > 0) {
            processBlocks(buf, off, blocks);
        }
        int rest = len & 15;
        if (rest > 0) {
            System.arraycopy(buf, off + (blocks << 4), block, 0, rest);
            Arrays.fill(block, rest, 16, (byte) 0);
            processBlocks(block, 0, 1);
        }
    }

    @Override
    void updateLengths(long aadBytes, long textBytes) {
        LONGS.set(block, 0, aadBytes << 3);
        LONGS.set(block, 8, textBytes << 3);
        processBlocks(block, 0, 1);
    }

    @Override
    long high() {
        return state[0];
    }

    @Override
    long low() {
        return state[1];
    }

    private void processBlocks(byte[] data, int off, int blocks) {
        try {
            PROCESS_BLOCKS.invokeExact(data, off, blocks, state, subkeyTable);
        } catch (Throwable e) {
            throw new IllegalStateException("the JDK's GHASH failed", e);
        }
    }

    /** The handle if the routine is there, opened to us and right (checked on test case 2 of the GCM paper); else null. */
    private static MethodHandle lookUp() {
        MethodHandle handle;
        try {
            Class<?> ghash = Class.forName(GHASH_CLASS);
            handle = MethodHandles.privateLookupIn(ghash, MethodHandles.lookup()).findStatic(ghash, "processBlocks",
                    MethodType.methodType(void.class, byte[].class, int.class, int.class, long[].class, long[].class));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // IllegalAccessException when the package is not opened to us; the others on a JDK
            // whose internals differ
            unavailableBecause = e.toString();
            return null;
        }
        if (!agreesWithKnownAnswer(handle)) {
            unavailableBecause = GHASH_CLASS + ".processBlocks gave a wrong hash";
            return null;
        }
        return handle;
    }

    /**
     * GHASH(H, {}, C) of test case 2 of McGrew and Viega's GCM paper: H = 66e94bd4ef8a2c3b884cfa59ca342b2e,
     * C = 0388dace60b6a392f328c2b971b2fe78, then the lengths block (0, 128): f38cbb1ad69223dcc3457ae5b6b0f885.
     */
    private static boolean agreesWithKnownAnswer(MethodHandle handle) {
        long[] state = new long[2];
        long[] table = new long[SUBKEY_TABLE_LONGS];
        table[0] = 0x66e94bd4ef8a2c3bL;
        table[1] = 0x884cfa59ca342b2eL;
        byte[] blocks = new byte[32];
        LONGS.set(blocks, 0, 0x0388dace60b6a392L);
        LONGS.set(blocks, 8, 0xf328c2b971b2fe78L);
        LONGS.set(blocks, 24, 128L);
        try {
            handle.invokeExact(blocks, 0, 2, state, table);
        } catch (Throwable e) {
            return false;
        }
        return state[0] == 0xf38cbb1ad69223dcL && state[1] == 0xc3457ae5b6b0f885L;
    }
}
