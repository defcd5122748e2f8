package dev.osprey.record;

import static org.bytedeco.ffmpeg.global.avcodec.AV_INPUT_BUFFER_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avutil.av_mallocz;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

/** Small helpers around FFmpeg's C API: error text, checked calls, extradata. */
final class Ffmpeg {
    private Ffmpeg() {
    }

    /** Returns {@code result} when it is not an error, else throws naming {@code call}. */
    static int check(int result, String call) {
        if (result < 0) {
            throw new RecordingException(call + " failed: " + describe(result));
        }
        return result;
    }

    static String describe(int error) {
        byte[] text = new byte[128];
        if (av_strerror(error, text, text.length) < 0) {
            return "error " + error;
        }
        int end = 0;
        while (end < text.length && text[end] != 0) {
            end++;
        }
        return new String(text, 0, end, java.nio.charset.StandardCharsets.UTF_8) + " (" + error + ")";
    }

    /** Copies {@code bytes} into av_malloc'ed memory that {@code parameters} owns from here on. */
    static void setExtradata(AVCodecParameters parameters, byte[] bytes) {
        Pointer memory = av_mallocz(bytes.length + AV_INPUT_BUFFER_PADDING_SIZE);
        if (memory == null || memory.isNull()) {
            throw new RecordingException("out of native memory for the extradata");
        }
        BytePointer extradata = new BytePointer(memory);
        extradata.put(bytes, 0, bytes.length);
        parameters.extradata(extradata).extradata_size(bytes.length);
    }
}
