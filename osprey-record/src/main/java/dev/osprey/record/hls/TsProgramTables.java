package dev.osprey.record.hls;

import dev.osprey.media.format.Crc32Mpeg2;

/**
 * The two program-specific sections of a single-program transport stream (ISO/IEC 13818-1 §2.4.4):
 * the PAT naming program 1's PMT PID, and the PMT listing its elementary streams. Both are built once,
 * version 0, since a format's tracks never change.
 */
final class TsProgramTables {
    static final int PAT_PID = 0x0000;
    static final int PMT_PID = 0x1000;
    static final int VIDEO_PID = 0x100;
    static final int AUDIO_PID = 0x101;
    static final int STREAM_TYPE_H264 = 0x1B;
    static final int STREAM_TYPE_ADTS_AAC = 0x0F;
    private static final int PROGRAM_NUMBER = 1;

    private TsProgramTables() {
    }

    /** The program association section: program 1 on {@link #PMT_PID}. */
    static byte[] pat() {
        byte[] section = new byte[16];
        int p = header(section, 0x00, 1);
        section[p++] = (byte) (PROGRAM_NUMBER >> 8);
        section[p++] = (byte) PROGRAM_NUMBER;
        section[p++] = (byte) (0xE0 | PMT_PID >> 8);
        section[p++] = (byte) PMT_PID;
        return withCrc(section, p);
    }

    /** The program map section for the present tracks, the PCR on {@code pcrPid}. */
    static byte[] pmt(boolean video, boolean audio, int pcrPid) {
        int streams = (video ? 1 : 0) + (audio ? 1 : 0);
        byte[] section = new byte[12 + 5 * streams + 4];
        int p = header(section, 0x02, PROGRAM_NUMBER);
        section[p++] = (byte) (0xE0 | pcrPid >> 8);
        section[p++] = (byte) pcrPid;
        section[p++] = (byte) 0xF0; // program_info_length 0
        section[p++] = 0;
        if (video) {
            p = stream(section, p, STREAM_TYPE_H264, VIDEO_PID);
        }
        if (audio) {
            p = stream(section, p, STREAM_TYPE_ADTS_AAC, AUDIO_PID);
        }
        return withCrc(section, p);
    }

    /** table_id to last_section_number; section_length counts what follows it, CRC included. */
    private static int header(byte[] section, int tableId, int idExtension) {
        int sectionLength = section.length - 3;
        section[0] = (byte) tableId;
        section[1] = (byte) (0xB0 | sectionLength >> 8); // section_syntax_indicator, '0', reserved
        section[2] = (byte) sectionLength;
        section[3] = (byte) (idExtension >> 8);
        section[4] = (byte) idExtension;
        section[5] = (byte) 0xC1; // reserved, version 0, current_next_indicator
        section[6] = 0; // section_number
        section[7] = 0; // last_section_number
        return 8;
    }

    private static int stream(byte[] section, int p, int streamType, int pid) {
        section[p++] = (byte) streamType;
        section[p++] = (byte) (0xE0 | pid >> 8);
        section[p++] = (byte) pid;
        section[p++] = (byte) 0xF0; // ES_info_length 0
        section[p++] = 0;
        return p;
    }

    private static byte[] withCrc(byte[] section, int p) {
        int crc = Crc32Mpeg2.compute(section, 0, p);
        section[p++] = (byte) (crc >>> 24);
        section[p++] = (byte) (crc >>> 16);
        section[p++] = (byte) (crc >>> 8);
        section[p] = (byte) crc;
        return section;
    }
}
