package dev.osprey.ingest.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.osprey.media.format.AudioSpecificConfig;
import dev.osprey.media.format.MalformedAacException;
import java.io.InputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AdtsHeaderTest {

    /** 0.5 s of a 1 kHz sine, 44.1 kHz stereo: {@code ffmpeg -f lavfi -i sine=... -ac 2 -c:a aac -f adts}. */
    private static byte[] ffmpegAdts() throws Exception {
        try (InputStream in = AdtsHeaderTest.class.getResourceAsStream("sine-1khz-44100-stereo.adts")) {
            assertThat(in).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void readsEveryHeaderOfAStreamFfmpegWroteAndTheirLengthsAddUpToTheFile() throws Exception {
        byte[] adts = ffmpegAdts();
        int frames = 0;
        int offset = 0;
        while (offset < adts.length) {
            AdtsHeader header = AdtsHeader.parse(adts, offset, adts.length - offset);
            assertThat(header.audioObjectType()).isEqualTo(2); // AAC LC
            assertThat(header.sampleRate()).isEqualTo(44_100);
            assertThat(header.channelConfiguration()).isEqualTo(2);
            assertThat(header.headerLength()).isEqualTo(7);
            assertThat(header.rawDataBlocks()).isEqualTo(1);
            assertThat(header.payloadLength()).isPositive();
            offset += header.frameLength();
            frames++;
        }
        assertThat(offset).isEqualTo(adts.length);
        assertThat(frames).isBetween(22, 25); // 0.5 s of 1024-sample frames, plus the encoder's priming
    }

    @Test
    void buildsTheAudioSpecificConfigAnRtmpSequenceHeaderWouldCarry() throws Exception {
        byte[] adts = ffmpegAdts();

        AudioSpecificConfig config = AdtsHeader.parse(adts, 0, adts.length).audioSpecificConfig();

        // AAC LC (2), 44.1 kHz (index 4), stereo (2): 00010 0100 0010 000
        assertThat(config.bytes()).containsExactly(0x12, 0x10);
        assertThat(AudioSpecificConfig.parse(config.bytes(), 0, 2)).isEqualTo(config);
    }

    @Test
    void readsTheNineByteHeaderOfAFrameWithACrc() throws Exception {
        // MPEG-4, protection_absent 0, AAC LC, 48 kHz (index 3), mono, frame of 100 bytes, 1 raw data block.
        byte[] header = adtsHeader(false, 1, 3, 1, 100, 0);

        AdtsHeader parsed = AdtsHeader.parse(header, 0, header.length);

        assertThat(parsed).isEqualTo(new AdtsHeader(2, 3, 1, 100, 9, 1));
        assertThat(parsed.sampleRate()).isEqualTo(48_000);
        assertThat(parsed.payloadLength()).isEqualTo(91);
        assertThat(parsed.audioSpecificConfig().bytes()).containsExactly(0x11, 0x88);
    }

    @Test
    void refusesAHeaderCutShort() {
        byte[] header = adtsHeader(true, 1, 4, 2, 200, 0);
        for (int length = 0; length < 7; length++) {
            int cut = length;
            assertThatThrownBy(() -> AdtsHeader.parse(header, 0, cut))
                    .isInstanceOf(MalformedAacException.class).hasMessageContaining("needs 7 bytes");
        }
        byte[] withCrc = adtsHeader(false, 1, 4, 2, 200, 0);
        assertThatThrownBy(() -> AdtsHeader.parse(withCrc, 0, 8))
                .isInstanceOf(MalformedAacException.class).hasMessageContaining("needs 9 bytes");
    }

    @Test
    void refusesBytesWithoutTheSyncWord() {
        byte[] header = adtsHeader(true, 1, 4, 2, 200, 0);
        header[1] = (byte) 0x71;
        assertThatThrownBy(() -> AdtsHeader.parse(header, 0, header.length))
                .isInstanceOf(MalformedAacException.class).hasMessageContaining("sync word");
    }

    @Test
    void refusesAFrameLengthShorterThanItsHeader() {
        byte[] header = adtsHeader(true, 1, 4, 2, 6, 0);
        assertThatThrownBy(() -> AdtsHeader.parse(header, 0, header.length))
                .isInstanceOf(MalformedAacException.class).hasMessageContaining("frame length 6");
    }

    @Test
    void refusesAReservedSampleRateIndexAndChannelConfigurationZero() {
        byte[] reservedRate = adtsHeader(true, 1, 13, 2, 200, 0);
        assertThatThrownBy(() -> AdtsHeader.parse(reservedRate, 0, reservedRate.length))
                .isInstanceOf(MalformedAacException.class).hasMessageContaining("index 13");
        byte[] noChannels = adtsHeader(true, 1, 4, 0, 200, 0);
        assertThatThrownBy(() -> AdtsHeader.parse(noChannels, 0, noChannels.length))
                .isInstanceOf(MalformedAacException.class).hasMessageContaining("channel configuration 0");
    }

    @Test
    void randomBytesNeverCrashTheParser() {
        Random random = new Random(42);
        byte[] data = new byte[9];
        for (int i = 0; i < 100_000; i++) {
            random.nextBytes(data);
            if (i % 2 == 0) {
                data[0] = (byte) 0xff;
                data[1] = (byte) (0xf0 | data[1] & 0x0f);
            }
            try {
                AdtsHeader header = AdtsHeader.parse(data, 0, 1 + random.nextInt(data.length));
                assertThat(header.frameLength()).isGreaterThanOrEqualTo(header.headerLength());
            } catch (MalformedAacException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
    }

    @Test
    void theSyncWordTestPassesEveryHeaderThatParsesAndRefusesMostNoise() {
        Random random = new Random(7);
        byte[] data = new byte[9];
        int passed = 0;
        for (int i = 0; i < 100_000; i++) {
            random.nextBytes(data);
            if (i % 2 == 0) {
                data[0] = (byte) 0xff;
                data[1] = (byte) (0xf0 | data[1] & 0x0f);
            }
            boolean sync = AdtsHeader.syncWordAt(data, 0);
            passed += sync ? 1 : 0;
            try {
                AdtsHeader.parse(data, 0, data.length);
                assertThat(sync).isTrue();
            } catch (MalformedAacException expected) {
                // the sync word test is only a first sieve
            }
        }
        assertThat(passed).isBetween(11_000, 14_000); // layer 0 in a quarter of the half given a sync word
        assertThat(AdtsHeader.syncWordAt(adtsHeader(true, 1, 4, 2, 200, 0), 0)).isTrue();
    }

    @Test
    void checksTheBoundsItIsGiven() {
        byte[] header = adtsHeader(true, 1, 4, 2, 200, 0);
        assertThatThrownBy(() -> AdtsHeader.parse(header, 3, 7)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    /** Writes an ADTS header field by field (ISO/IEC 13818-7, 6.2.1), with a zero CRC when protected. */
    private static byte[] adtsHeader(boolean protectionAbsent, int profile, int frequencyIndex, int channels,
                                     int frameLength, int extraRawBlocks) {
        long bits = 0;
        bits = bits << 12 | 0xfff;              // syncword
        bits = bits << 1;                       // ID: MPEG-4
        bits = bits << 2;                       // layer
        bits = bits << 1 | (protectionAbsent ? 1 : 0);
        bits = bits << 2 | profile;
        bits = bits << 4 | frequencyIndex;
        bits = bits << 1;                       // private bit
        bits = bits << 3 | channels;
        bits = bits << 4;                       // original/copy, home, copyright id bit and start
        bits = bits << 13 | frameLength;
        bits = bits << 11 | 0x7ff;              // buffer fullness: VBR
        bits = bits << 2 | extraRawBlocks;
        byte[] header = new byte[protectionAbsent ? 7 : 9];
        for (int i = 0; i < 7; i++) {
            header[i] = (byte) (bits >>> (8 * (6 - i)));
        }
        return header;
    }
}
