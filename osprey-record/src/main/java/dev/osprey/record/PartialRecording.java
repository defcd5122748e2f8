package dev.osprey.record;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_CORRUPT;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_copy;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_find_input_format;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.AV_DICT_IGNORE_SUFFIX;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_copy;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_get;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVDictionaryEntry;
import org.bytedeco.ffmpeg.avutil.AVRational;

/**
 * Finishes a recording that was cut short (the server was killed): copies what the partial file holds
 * into a complete one, packets as they are, so that the result has a duration and an index like any
 * finished recording. A fragmented MP4 is readable up to its last whole fragment and a WebM up to its
 * last whole cluster; whatever follows, half written, is where reading stops.
 *
 * <p>Blocking; any thread. Reads only the demuxers of the two containers {@link Recorder} writes.
 */
public final class PartialRecording {

    /**
     * What was recovered.
     *
     * @param durationMillis from the first packet to the end of the last one
     * @param tags           the file's global tags (those {@link Recorder} wrote, e.g. its stream id),
     *                       by name in any case (Matroska keeps them upper case)
     */
    public record Recovered(long durationMillis, long packets, Map<String, String> tags) {
    }

    private PartialRecording() {
    }

    /**
     * Copies {@code partial}, an MP4 or WebM file {@code container} says, into {@code output}.
     *
     * @throws RecordingException when the partial file cannot be read (nothing usable in it) or the
     *                            output cannot be written; a half-written output may be left behind
     */
    public static Recovered finish(Path partial, Container container, Path output) {
        AVFormatContext in = new AVFormatContext(null);
        AVFormatContext out = null;
        AVPacket packet = null;
        try {
            // the demuxer named, never guessed: nothing but the two formats a recorder writes is read
            String demuxer = container == Container.MP4 ? "mov" : "matroska";
            Ffmpeg.check(avformat_open_input(in, partial.toString(), av_find_input_format(demuxer), null),
                    "avformat_open_input " + partial);
            Ffmpeg.check(avformat_find_stream_info(in, (AVDictionary) null), "avformat_find_stream_info");
            out = new AVFormatContext(null);
            Ffmpeg.check(avformat_alloc_output_context2(out, null, container.muxer(), output.toString()),
                    "avformat_alloc_output_context2");
            int streams = in.nb_streams();
            for (int i = 0; i < streams; i++) {
                AVStream source = in.streams(i);
                AVStream copy = avformat_new_stream(out, null);
                Ffmpeg.check(avcodec_parameters_copy(copy.codecpar(), source.codecpar()), "avcodec_parameters_copy");
                copy.codecpar().codec_tag(0);
                copy.time_base(source.time_base());
            }
            AVDictionary metadata = new AVDictionary(null);
            av_dict_copy(metadata, in.metadata(), 0);
            out.metadata(metadata);
            AVIOContext io = new AVIOContext(null);
            Ffmpeg.check(avio_open(io, output.toString(), AVIO_FLAG_WRITE), "avio_open " + output);
            out.pb(io);
            AVDictionary options = new AVDictionary(null);
            try {
                if (container == Container.MP4) {
                    av_dict_set(options, "movflags", "faststart+use_metadata_tags", 0);
                }
                Ffmpeg.check(avformat_write_header(out, options), "avformat_write_header");
            } finally {
                av_dict_free(options);
            }
            packet = av_packet_alloc();
            AVRational millis = new AVRational().num(1).den(1000);
            long first = Long.MAX_VALUE;
            long end = Long.MIN_VALUE;
            long packets = 0;
            while (av_read_frame(in, packet) >= 0) {
                int index = packet.stream_index();
                // a packet the file ends inside is flagged corrupt: the cut, left out
                if (index >= 0 && index < streams && packet.pts() != AV_NOPTS_VALUE
                        && (packet.flags() & AV_PKT_FLAG_CORRUPT) == 0) {
                    AVRational base = in.streams(index).time_base();
                    first = Math.min(first, av_rescale_q(packet.pts(), base, millis));
                    end = Math.max(end, av_rescale_q(packet.pts() + Math.max(0, packet.duration()), base, millis));
                    packet.stream_index(index).pos(-1);
                    Ffmpeg.check(av_interleaved_write_frame(out, packet), "av_interleaved_write_frame");
                    packets++;
                }
                av_packet_unref(packet);
            }
            if (packets == 0) {
                throw new RecordingException(partial + " holds no whole packet");
            }
            Ffmpeg.check(av_write_trailer(out), "av_write_trailer");
            return new Recovered(Math.max(0, end - first), packets, tags(in.metadata()));
        } finally {
            if (packet != null) {
                av_packet_free(packet);
            }
            if (out != null) {
                if (out.pb() != null && !out.pb().isNull()) {
                    avio_closep(out.pb());
                }
                avformat_free_context(out);
            }
            avformat_close_input(in);
        }
    }

    private static Map<String, String> tags(AVDictionary dictionary) {
        Map<String, String> tags = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        AVDictionaryEntry entry = null;
        while ((entry = av_dict_get(dictionary, "", entry, AV_DICT_IGNORE_SUFFIX)) != null) {
            tags.put(entry.key().getString(), entry.value().getString());
        }
        return tags;
    }
}
