package dev.osprey.ingest.ts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.ingest.audio.AdtsHeader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Damaged copies of a real stream: nothing escapes {@code feed}, and memory stays within the limits. */
class TsDemuxerFuzzTest {
    private static final int MAX_PES = 64 * 1024;
    /** Two PES buffers and the AAC buffer (a PES and a frame), the PSI buffers, the packet buffer, slack. */
    private static final long MEMORY_BOUND = 3L * MAX_PES + 8191 + 2 * 4096 + 2 * 188 * 24 + 4096;

    @TempDir
    static Path dir;
    private static byte[] original;

    @BeforeAll
    static void encode() throws Exception {
        original = FfmpegTs.h264AndAac(dir);
    }

    @Test
    @Timeout(120)
    void tenThousandMutatedOrTruncatedStreamsNeverThrowAndStayWithinTheMemoryBound() {
        Random random = new Random(20_261_207);
        long accessUnits = 0;
        long frames = 0;
        long syncLosses = 0;
        long continuityErrors = 0;
        for (int run = 0; run < 10_000; run++) {
            byte[] stream = mutate(random);
            CountingListener out = new CountingListener();
            TsDemuxer demuxer = new TsDemuxer(out, MAX_PES);
            int position = 0;
            while (position < stream.length) {
                int size = Math.min(1 + random.nextInt(4000), stream.length - position);
                demuxer.feed(stream, position, size);
                position += size;
                assertThat(demuxer.retainedBytes()).isLessThanOrEqualTo(MEMORY_BOUND);
            }
            demuxer.flush();
            accessUnits += out.accessUnits;
            frames += out.frames;
            syncLosses += demuxer.stats().syncLosses();
            continuityErrors += demuxer.stats().continuityErrors();
        }
        // The damage is varied enough to reach the recovery paths, and most of the media still gets through.
        assertThat(syncLosses).isPositive();
        assertThat(continuityErrors).isPositive();
        assertThat(accessUnits).isGreaterThan(10_000);
        assertThat(frames).isGreaterThan(10_000);
    }

    /** A window of the stream (sometimes all of it), with a few flipped, inserted, deleted or repeated bytes. */
    private static byte[] mutate(Random random) {
        int length = random.nextInt(10) == 0 ? original.length : 1 + random.nextInt(60_000);
        int start = random.nextInt(original.length - length + 1);
        byte[] stream = Arrays.copyOfRange(original, start, start + length);
        int mutations = random.nextInt(12);
        for (int i = 0; i < mutations && stream.length > 0; i++) {
            int at = random.nextInt(stream.length);
            switch (random.nextInt(6)) {
                case 0 -> stream[at] = (byte) random.nextInt(256);
                case 1 -> stream[at] ^= (byte) (1 << random.nextInt(8));
                case 2 -> stream[at] = PacketSynchronizer.SYNC_BYTE;
                case 3 -> stream = splice(stream, at, Math.min(stream.length - at, random.nextInt(400)), new byte[0]);
                case 4 -> {
                    byte[] noise = new byte[random.nextInt(400)];
                    random.nextBytes(noise);
                    stream = splice(stream, at, 0, noise);
                }
                default -> {
                    int count = Math.min(stream.length - at, random.nextInt(2000));
                    stream = splice(stream, at, 0, Arrays.copyOfRange(stream, at, at + count));
                }
            }
        }
        return stream;
    }

    private static byte[] splice(byte[] data, int at, int remove, byte[] insert) {
        byte[] result = new byte[data.length - remove + insert.length];
        System.arraycopy(data, 0, result, 0, at);
        System.arraycopy(insert, 0, result, at, insert.length);
        System.arraycopy(data, at + remove, result, at + insert.length, data.length - at - remove);
        return result;
    }

    private static final class CountingListener implements TsListener {
        long accessUnits;
        long frames;

        @Override
        public void onProgram(TsProgramDescription program) {
        }

        @Override
        public void onVideoAccessUnit(TsCodec codec, long pts90k, long dts90k, byte[] annexB, boolean keyframe) {
            accessUnits++;
        }

        @Override
        public void onAudioFrame(TsCodec codec, long pts90k, byte[] adtsFrame, AdtsHeader header) {
            frames++;
        }
    }
}
