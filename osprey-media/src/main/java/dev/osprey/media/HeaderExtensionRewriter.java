package dev.osprey.media;

import dev.osprey.webrtc.rtp.AbsSendTime;
import dev.osprey.webrtc.rtp.Bytes;
import dev.osprey.webrtc.rtp.RtpPacket;

import java.util.Map;

/**
 * Rewrites the RFC 8285 header extensions of a forwarded packet in place, without changing its
 * length: each element the publisher sent is renumbered to the viewer's id for the same URI, or
 * blanked to padding (zero bytes, which RFC 8285 §4.2/§4.3 allows between elements) when the
 * viewer did not negotiate it or when it names the publisher's own streams (MID, RID). The
 * transport-wide sequence number and abs-send-time get the viewer transport's values.
 */
public final class HeaderExtensionRewriter {
    public static final String ABS_SEND_TIME = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    public static final String TRANSPORT_CC = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
    public static final String MID = "urn:ietf:params:rtp-hdrext:sdes:mid";
    public static final String RID = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
    public static final String REPAIRED_RID = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";

    /** Publisher id to viewer id; 0 = blank the element. */
    private final byte[] idMap = new byte[256];
    private final int transportCcId;
    private final int absSendTimeId;

    public HeaderExtensionRewriter(Map<String, Integer> publisher, Map<String, Integer> viewer) {
        publisher.forEach((uri, id) -> {
            Integer target = viewer.get(uri);
            if (target != null && id > 0 && id < 256 && target > 0 && target < 256 && forwardable(uri)) {
                idMap[id] = (byte) (int) target;
            }
        });
        transportCcId = mappedId(publisher, viewer, TRANSPORT_CC);
        absSendTimeId = mappedId(publisher, viewer, ABS_SEND_TIME);
    }

    private static boolean forwardable(String uri) {
        return !uri.equals(MID) && !uri.equals(RID) && !uri.equals(REPAIRED_RID);
    }

    private static int mappedId(Map<String, Integer> publisher, Map<String, Integer> viewer, String uri) {
        return publisher.containsKey(uri) && viewer.containsKey(uri) ? viewer.get(uri) : 0;
    }

    /** True when forwarded packets carry the viewer's transport-wide sequence number. */
    public boolean stampsTransportSequence() {
        return transportCcId > 0;
    }

    /**
     * Rewrites the extension block of the packet viewed by {@code packet} (already a copy owned by
     * the caller). {@code transportSequence} is written when the viewer negotiated transport-cc.
     */
    public void rewrite(RtpPacket packet, int transportSequence, long nowNanos) {
        int start = packet.extensionOffset();
        if (start < 0) {
            return;
        }
        byte[] buf = packet.buffer();
        int end = start + packet.extensionLength();
        int profile = packet.extensionProfile();
        if (profile == RtpPacket.ONE_BYTE_PROFILE) {
            rewriteOneByte(buf, start, end);
        } else if ((profile & RtpPacket.TWO_BYTE_PROFILE_MASK) == RtpPacket.TWO_BYTE_PROFILE) {
            rewriteTwoByte(buf, start, end);
        } else {
            blank(buf, start, end); // an unknown profile cannot be translated
        }
        if (transportCcId > 0) {
            int at = packet.findExtension(transportCcId);
            if (at >= 0 && packet.extensionElementLength(at) == 2) {
                Bytes.put16(buf, at, transportSequence);
            }
        }
        if (absSendTimeId > 0) {
            AbsSendTime.write(packet, absSendTimeId, AbsSendTime.fromNanos(nowNanos));
        }
    }

    private void rewriteOneByte(byte[] buf, int i, int end) {
        while (i < end) {
            int b = buf[i] & 0xFF;
            if (b == 0) {
                i++;
                continue;
            }
            int id = b >>> 4;
            int size = 1 + (b & 0x0F) + 1;
            if (id == 15 || i + size > end) {
                blank(buf, i, end);
                return;
            }
            int target = idMap[id] & 0xFF;
            if (target == 0 || target > 14) {
                blank(buf, i, i + size);
            } else {
                buf[i] = (byte) (target << 4 | (b & 0x0F));
            }
            i += size;
        }
    }

    private void rewriteTwoByte(byte[] buf, int i, int end) {
        while (i < end) {
            int id = buf[i] & 0xFF;
            if (id == 0) {
                i++;
                continue;
            }
            if (i + 2 > end || i + 2 + (buf[i + 1] & 0xFF) > end) {
                blank(buf, i, end);
                return;
            }
            int size = 2 + (buf[i + 1] & 0xFF);
            int target = idMap[id] & 0xFF;
            if (target == 0) {
                blank(buf, i, i + size);
            } else {
                buf[i] = (byte) target;
            }
            i += size;
        }
    }

    private static void blank(byte[] buf, int from, int to) {
        for (int i = from; i < to; i++) {
            buf[i] = 0;
        }
    }
}
