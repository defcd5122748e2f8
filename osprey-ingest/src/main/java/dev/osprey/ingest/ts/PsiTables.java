package dev.osprey.ingest.ts;

import java.util.ArrayList;
import java.util.List;

/** Reads the two PSI tables the demuxer needs, the PAT and the PMT (§2.4.4.3, §2.4.4.8). */
final class PsiTables {
    static final int PAT_TABLE_ID = 0x00;
    static final int PMT_TABLE_ID = 0x02;
    /** PIDs 0x0000–0x000F are reserved for tables; 0x1FFF is the null packet. */
    static final int FIRST_FREE_PID = 0x0010;
    static final int NULL_PID = 0x1FFF;
    private static final int CRC_LENGTH = 4;
    private static final int PAT_ENTRIES = 8;
    private static final int PMT_FIXED = 12;
    private static final int ES_ENTRY = 5;

    /** One program of the PAT. */
    record ProgramEntry(int programNumber, int pmtPid) {
    }

    private PsiTables() {
    }

    static int tableId(byte[] section) {
        return section[0] & 0xFF;
    }

    static int version(byte[] section) {
        return (section[5] >>> 1) & 0x1F;
    }

    /** current_next_indicator: 0 announces a table that is not in force yet. */
    static boolean isCurrent(byte[] section) {
        return (section[5] & 1) != 0;
    }

    /** The first program of a PAT section (program 0 points to the network table, not a program). */
    static ProgramEntry firstProgram(byte[] section, int length) {
        for (int i = PAT_ENTRIES; i + 4 <= length - CRC_LENGTH; i += 4) {
            int number = u16(section, i);
            int pid = u16(section, i + 2) & 0x1FFF;
            if (number != 0 && isElementaryPid(pid)) {
                return new ProgramEntry(number, pid);
            }
        }
        return null;
    }

    static int programNumber(byte[] section) {
        return u16(section, 3);
    }

    /**
     * The demultiplexed tracks of a PMT section: the first video stream and the first AAC stream of
     * a supported type. Null if the section contradicts itself.
     */
    static TsProgramDescription program(byte[] section, int length, int pmtPid) {
        int end = length - CRC_LENGTH;
        if (end < PMT_FIXED) {
            return null;
        }
        int position = PMT_FIXED + (u16(section, 10) & 0x0FFF);
        TsTrackDescription video = null;
        TsTrackDescription audio = null;
        while (position + ES_ENTRY <= end) {
            int streamType = section[position] & 0xFF;
            int pid = u16(section, position + 1) & 0x1FFF;
            int infoLength = u16(section, position + 3) & 0x0FFF;
            position += ES_ENTRY + infoLength;
            if (position > end) {
                return null;
            }
            TsCodec codec = TsCodec.forStreamType(streamType);
            if (codec == null || !isElementaryPid(pid) || pid == pmtPid) {
                continue;
            }
            if (codec.isVideo() && video == null) {
                video = new TsTrackDescription(pid, codec);
            } else if (!codec.isVideo() && audio == null && (video == null || video.pid() != pid)) {
                audio = new TsTrackDescription(pid, codec);
            }
        }
        if (video != null && audio != null && video.pid() == audio.pid()) {
            audio = null;
        }
        List<TsTrackDescription> tracks = new ArrayList<>(2);
        if (video != null) {
            tracks.add(video);
        }
        if (audio != null) {
            tracks.add(audio);
        }
        return new TsProgramDescription(programNumber(section), pmtPid, version(section), tracks);
    }

    static boolean isElementaryPid(int pid) {
        return pid >= FIRST_FREE_PID && pid < NULL_PID;
    }

    private static int u16(byte[] data, int offset) {
        return ((data[offset] & 0xFF) << 8) | (data[offset + 1] & 0xFF);
    }
}
