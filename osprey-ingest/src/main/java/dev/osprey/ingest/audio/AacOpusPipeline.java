package dev.osprey.ingest.audio;

import static org.bytedeco.ffmpeg.global.avcodec.AV_INPUT_BUFFER_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLT;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_free;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_read;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_reset;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_size;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_write;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_copy;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_mallocz;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_FATAL;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.swresample.swr_alloc_set_opts2;
import static org.bytedeco.ffmpeg.global.swresample.swr_convert;
import static org.bytedeco.ffmpeg.global.swresample.swr_free;
import static org.bytedeco.ffmpeg.global.swresample.swr_get_out_samples;
import static org.bytedeco.ffmpeg.global.swresample.swr_init;

import dev.osprey.media.format.AudioSpecificConfig;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVAudioFifo;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swresample.SwrContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * The FFmpeg work of an {@link AacToOpusTranscoder}: decodes AAC access units with FFmpeg's native
 * {@code aac} decoder, resamples to 48 kHz float with swresample, cuts 20 ms frames out of a sample
 * FIFO and encodes them with {@code libopus}. The resampler and the encoder are set up from the first
 * decoded frame, since only the decoder knows the real rate and layout (HE-AAC doubles the rate).
 *
 * <p>Owns every native struct it uses and frees them all in {@link #close()}. Not thread-safe: it
 * lives on the transcoder's worker thread.
 */
final class AacOpusPipeline implements AutoCloseable {
    static final int OPUS_RATE = 48_000;
    static final int OPUS_FRAME_SAMPLES = 960;
    private static final int BYTES_PER_SAMPLE = Float.BYTES;
    private static final int FIFO_START_SAMPLES = 4 * OPUS_FRAME_SAMPLES;

    /** Thrown when FFmpeg cannot set up a codec; the transcoder cannot work at all. */
    static final class SetupException extends Exception {
        SetupException(String message) {
            super(message);
        }
    }

    private final int bitrate;
    private final OpusSink sink;
    private final AudioTimeline timeline;
    private AVCodecContext decoder;
    private AVPacket packet;
    private AVFrame decoded;
    private PointerPointer<?> decodedPlanes;
    // Set up with the first decoded frame:
    private AVCodecContext encoder;
    private AVFrame encoderFrame;
    private PointerPointer<?> encoderPlanes;
    private AVAudioFifo fifo;
    private int channels;
    private PointerPointer<SwrContext> resamplerHolder;
    private SwrContext resampler;
    private int resamplerRate;
    private int resamplerFormat;
    private int resamplerChannels;
    private BytePointer resampled;
    private int resampledCapacity;
    private PointerPointer<?> resampledPlanes;
    private BytePointer silence;
    private PointerPointer<?> silencePlanes;
    private final long[] pendingTimestamps = new long[16];
    private long encoderClock;
    private int pendingHead;
    private int pendingCount;
    private byte[] output = new byte[1500];
    private final byte[] errorText = new byte[128];

    AacOpusPipeline(AudioSpecificConfig config, int bitrate, OpusSink sink, AudioTimeline timeline)
            throws SetupException {
        this.bitrate = bitrate;
        this.sink = sink;
        this.timeline = timeline;
        try {
            openDecoder(config);
        } catch (SetupException | RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    private void openDecoder(AudioSpecificConfig config) throws SetupException {
        // A hostile stream makes the decoder complain on every frame; failures are counted and logged here instead.
        av_log_set_level(AV_LOG_FATAL);
        AVCodec aac = avcodec_find_decoder_by_name("aac");
        if (aac == null) {
            throw new SetupException("FFmpeg has no aac decoder");
        }
        decoder = avcodec_alloc_context3(aac);
        if (decoder == null) {
            throw new SetupException("FFmpeg could not allocate the aac decoder");
        }
        byte[] asc = config.bytes();
        // The context owns the extradata from here (avcodec_free_context frees it), so it comes from av_malloc.
        Pointer extradata = av_mallocz(asc.length + AV_INPUT_BUFFER_PADDING_SIZE);
        if (extradata == null || extradata.isNull()) {
            throw new SetupException("out of native memory for the extradata");
        }
        new BytePointer(extradata).put(asc, 0, asc.length);
        decoder.extradata(new BytePointer(extradata)).extradata_size(asc.length);
        decoder.thread_count(1);
        check(avcodec_open2(decoder, aac, (AVDictionary) null), "open the aac decoder for " + config);
        packet = av_packet_alloc();
        decoded = av_frame_alloc();
        if (packet == null || decoded == null) {
            throw new SetupException("FFmpeg could not allocate a packet or a frame");
        }
        decodedPlanes = decoded.data();
    }

    /**
     * Transcodes one access unit whose first sample is at {@code inputTimestamp} on a 48 kHz clock.
     *
     * @return false when the decoder refused it (corrupt data); the pipeline goes on with the next
     * @throws SetupException when the resampler or the encoder cannot be set up
     */
    boolean transcode(byte[] accessUnit, int length, long inputTimestamp) throws SetupException {
        if (av_new_packet(packet, length) < 0) {
            throw new OutOfMemoryError("FFmpeg could not allocate a packet of " + length + " bytes");
        }
        int sent;
        try {
            packet.data().put(accessUnit, 0, length);
            sent = avcodec_send_packet(decoder, packet);
        } finally {
            av_packet_unref(packet);
        }
        if (sent < 0) {
            return false;
        }
        boolean ok = true;
        long offset = 0; // 48 kHz samples of this access unit already placed (one frame per unit, in practice)
        while (true) {
            int received = avcodec_receive_frame(decoder, decoded);
            if (received == AVERROR_EAGAIN() || received == AVERROR_EOF()) {
                break;
            }
            if (received < 0) {
                ok = false;
                break;
            }
            try {
                if (decoded.decode_error_flags() != 0) {
                    ok = false; // concealed garbage; better left out
                } else {
                    offset += accept(inputTimestamp + offset);
                }
            } finally {
                av_frame_unref(decoded);
            }
        }
        return ok;
    }

    /** Takes a decoded frame: places, resamples, encodes. Returns its duration in 48 kHz samples. */
    private long accept(long timestamp) throws SetupException {
        if (encoder == null) {
            openEncoder(Math.min(2, Math.max(1, decoded.ch_layout().nb_channels())));
        }
        int rate = decoded.sample_rate();
        int samples = decoded.nb_samples();
        if (rate <= 0 || samples <= 0) {
            return 0;
        }
        ensureResampler(rate, decoded.format(), decoded.ch_layout().nb_channels());
        long place = timeline.place(timestamp, av_audio_fifo_size(fifo));
        if (place == AudioTimeline.REANCHOR) {
            av_audio_fifo_reset(fifo);
        } else if (place > 0) {
            writeSilence(place);
        }
        int capacity = swr_get_out_samples(resampler, samples);
        ensureResampledCapacity(capacity);
        PointerPointer<?> in = decoded.ch_layout().nb_channels() <= AVFrame.AV_NUM_DATA_POINTERS
                ? decodedPlanes : decoded.extended_data();
        int converted = swr_convert(resampler, resampledPlanes, capacity, in, samples);
        check(converted, "resample");
        if (converted > 0 && av_audio_fifo_write(fifo, resampledPlanes, converted) < converted) {
            throw new OutOfMemoryError("FFmpeg could not grow the sample FIFO");
        }
        while (av_audio_fifo_size(fifo) >= OPUS_FRAME_SAMPLES) {
            encodeOneFrame();
        }
        return (long) samples * OPUS_RATE / rate;
    }

    private void openEncoder(int channelCount) throws SetupException {
        AVCodec opus = avcodec_find_encoder_by_name("libopus");
        if (opus == null) {
            throw new SetupException("FFmpeg has no libopus encoder");
        }
        encoder = avcodec_alloc_context3(opus);
        if (encoder == null) {
            throw new SetupException("FFmpeg could not allocate the libopus encoder");
        }
        encoder.sample_rate(OPUS_RATE).sample_fmt(AV_SAMPLE_FMT_FLT).bit_rate(bitrate);
        encoder.time_base(av_make_q(1, OPUS_RATE));
        av_channel_layout_default(encoder.ch_layout(), channelCount);
        AVDictionary options = new AVDictionary(null);
        try {
            av_dict_set(options, "application", "audio", 0);
            av_dict_set(options, "frame_duration", "20", 0);
            check(avcodec_open2(encoder, opus, options), "open libopus");
        } finally {
            av_dict_free(options);
        }
        if (encoder.frame_size() != OPUS_FRAME_SAMPLES) {
            throw new SetupException("libopus chose " + encoder.frame_size() + " samples per frame, not 960");
        }
        channels = channelCount;
        encoderFrame = av_frame_alloc();
        if (encoderFrame == null) {
            throw new SetupException("FFmpeg could not allocate a frame");
        }
        encoderFrame.nb_samples(OPUS_FRAME_SAMPLES).format(AV_SAMPLE_FMT_FLT).sample_rate(OPUS_RATE);
        check(av_channel_layout_copy(encoderFrame.ch_layout(), encoder.ch_layout()), "copy a channel layout");
        check(av_frame_get_buffer(encoderFrame, 0), "allocate the encoder's frame");
        encoderPlanes = encoderFrame.data();
        fifo = av_audio_fifo_alloc(AV_SAMPLE_FMT_FLT, channels, FIFO_START_SAMPLES);
        if (fifo == null) {
            throw new SetupException("FFmpeg could not allocate a sample FIFO");
        }
        silence = new BytePointer((long) OPUS_FRAME_SAMPLES * channels * BYTES_PER_SAMPLE);
        silence.zero();
        silencePlanes = new PointerPointer<>(1).put(0, silence);
    }

    /** (Re)creates the resampler when the decoded format differs from what it was made for. */
    private void ensureResampler(int rate, int format, int inputChannels) throws SetupException {
        if (resampler != null && rate == resamplerRate && format == resamplerFormat
                && inputChannels == resamplerChannels) {
            return;
        }
        freeResampler();
        resamplerHolder = new PointerPointer<>(1);
        resamplerHolder.put(0, (Pointer) null);
        check(swr_alloc_set_opts2(resamplerHolder, encoder.ch_layout(), AV_SAMPLE_FMT_FLT, OPUS_RATE,
                decoded.ch_layout(), format, rate, 0, null), "set up the resampler");
        resampler = resamplerHolder.get(SwrContext.class, 0);
        if (resampler == null || resampler.isNull()) {
            throw new SetupException("FFmpeg could not allocate a resampler");
        }
        check(swr_init(resampler), "start the resampler from " + rate + " Hz");
        resamplerRate = rate;
        resamplerFormat = format;
        resamplerChannels = inputChannels;
    }

    private void ensureResampledCapacity(int samples) {
        if (samples <= resampledCapacity) {
            return;
        }
        if (resampled != null) {
            resampled.close();
            resampledPlanes.close();
        }
        resampledCapacity = Math.max(samples, 2048);
        resampled = new BytePointer((long) resampledCapacity * channels * BYTES_PER_SAMPLE);
        resampledPlanes = new PointerPointer<>(1).put(0, resampled);
    }

    private void writeSilence(long samples) {
        for (long left = samples; left > 0; ) {
            int chunk = (int) Math.min(left, OPUS_FRAME_SAMPLES);
            if (av_audio_fifo_write(fifo, silencePlanes, chunk) < chunk) {
                throw new OutOfMemoryError("FFmpeg could not grow the sample FIFO");
            }
            left -= chunk;
            while (av_audio_fifo_size(fifo) >= OPUS_FRAME_SAMPLES) {
                encodeOneFrame(); // keeps the FIFO small even for a long gap
            }
        }
    }

    private void encodeOneFrame() throws IllegalStateException {
        int writable = av_frame_make_writable(encoderFrame);
        if (writable < 0) {
            throw new IllegalStateException("FFmpeg could not make a frame writable: " + describe(writable));
        }
        av_audio_fifo_read(fifo, encoderPlanes, OPUS_FRAME_SAMPLES);
        long timestamp = timeline.takePacket(OPUS_FRAME_SAMPLES);
        // The encoder sees its own steady clock; the timeline may jump back, which libopus would warn about.
        encoderFrame.pts(encoderClock);
        encoderClock += OPUS_FRAME_SAMPLES;
        int sent = avcodec_send_frame(encoder, encoderFrame);
        if (sent < 0) {
            throw new IllegalStateException("libopus refused a frame: " + describe(sent));
        }
        remember(timestamp);
        while (true) {
            int received = avcodec_receive_packet(encoder, packet);
            if (received < 0) {
                return; // EAGAIN: wants more input
            }
            try {
                int size = packet.size();
                if (size > output.length) {
                    output = new byte[size];
                }
                packet.data().get(output, 0, size);
                // Packets leave in the order frames entered; libopus makes one per frame.
                sink.opus(output, size, forget());
            } finally {
                av_packet_unref(packet);
            }
        }
    }

    private void remember(long timestamp) {
        if (pendingCount == pendingTimestamps.length) {
            forget(); // the encoder never holds this many; keep the newest
        }
        pendingTimestamps[(pendingHead + pendingCount) % pendingTimestamps.length] = timestamp;
        pendingCount++;
    }

    private long forget() {
        long timestamp = pendingTimestamps[pendingHead];
        pendingHead = (pendingHead + 1) % pendingTimestamps.length;
        pendingCount--;
        return timestamp;
    }

    private void check(int result, String what) throws SetupException {
        if (result < 0) {
            throw new SetupException("FFmpeg could not " + what + ": " + describe(result));
        }
    }

    private String describe(int error) {
        if (av_strerror(error, errorText, errorText.length) < 0) {
            return "error " + error;
        }
        int end = 0;
        while (end < errorText.length && errorText[end] != 0) {
            end++;
        }
        return new String(errorText, 0, end, java.nio.charset.StandardCharsets.UTF_8) + " (" + error + ")";
    }

    private void freeResampler() {
        if (resamplerHolder != null) {
            swr_free(resamplerHolder); // frees the context and clears the holder
            resamplerHolder.close();
            resamplerHolder = null;
        }
        resampler = null;
    }

    /** Frees every native struct; safe on a half-built pipeline and when called twice. */
    @Override
    public void close() {
        freeResampler();
        if (fifo != null) {
            av_audio_fifo_free(fifo);
            fifo = null;
        }
        if (encoderFrame != null) {
            av_frame_free(encoderFrame);
            encoderFrame = null;
        }
        if (encoder != null) {
            avcodec_free_context(encoder);
            encoder = null;
        }
        if (decoded != null) {
            av_frame_free(decoded);
            decoded = null;
        }
        if (packet != null) {
            av_packet_free(packet);
            packet = null;
        }
        if (decoder != null) {
            avcodec_free_context(decoder); // with its extradata
            decoder = null;
        }
        closeQuietly(resampledPlanes);
        closeQuietly(resampled);
        closeQuietly(silencePlanes);
        closeQuietly(silence);
        closeQuietly(decodedPlanes);
        closeQuietly(encoderPlanes);
        resampledPlanes = null;
        resampled = null;
        silencePlanes = null;
        silence = null;
        decodedPlanes = null;
        encoderPlanes = null;
    }

    private static void closeQuietly(Pointer pointer) {
        if (pointer != null) {
            pointer.close();
        }
    }
}
