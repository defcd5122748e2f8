package dev.osprey.loadtest.media;

import java.util.SplittableRandom;

/**
 * Draws frame {@code n} of a moving YUV 4:2:0 test pattern: scrolling colour bars, a bouncing white
 * square and a noise texture. The noise changes every frame so the encoder really spends the
 * requested bitrate (a flat pattern would compress to almost nothing).
 */
public final class TestPattern {
    private static final int[][] BARS_YUV = {
            {235, 128, 128}, {210, 16, 146}, {170, 166, 16}, {145, 54, 34},
            {106, 202, 222}, {81, 90, 240}, {41, 240, 110}, {16, 128, 128}};

    private final int width;
    private final int height;

    public TestPattern(int width, int height) {
        this.width = width;
        this.height = height;
    }

    /** Fills the planes (tightly packed: y is width*height, u and v are (width/2)*(height/2)). */
    public void draw(int n, byte[] y, byte[] u, byte[] v) {
        SplittableRandom noise = new SplittableRandom(n * 7919L + 17);
        int barWidth = Math.max(1, width / BARS_YUV.length);
        int scroll = n * 4;
        int box = Math.max(8, height / 6);
        int boxX = bounce(n * 9, width - box);
        int boxY = bounce(n * 5, height - box);
        for (int row = 0; row < height; row++) {
            for (int col = 0; col < width; col++) {
                int bar = ((col + scroll) / barWidth) % BARS_YUV.length;
                int luma = BARS_YUV[bar][0] + noise.nextInt(-24, 25);
                if (col >= boxX && col < boxX + box && row >= boxY && row < boxY + box) {
                    luma = 235;
                }
                y[row * width + col] = (byte) Math.clamp(luma, 16, 235);
            }
        }
        int cw = width / 2;
        for (int row = 0; row < height / 2; row++) {
            for (int col = 0; col < cw; col++) {
                int bar = ((col * 2 + scroll) / barWidth) % BARS_YUV.length;
                u[row * cw + col] = (byte) BARS_YUV[bar][1];
                v[row * cw + col] = (byte) BARS_YUV[bar][2];
            }
        }
    }

    /** A triangle wave over [0, range]. */
    private static int bounce(int t, int range) {
        if (range <= 0) {
            return 0;
        }
        int period = 2 * range;
        int p = t % period;
        return p <= range ? p : period - p;
    }

    /**
     * Interleaved stereo 16-bit samples of audio frame {@code n} (20 ms at 48 kHz): a tone whose pitch
     * steps every frame, so no two packets of a clip are alike.
     */
    public static short[] tone(int n, int samplesPerChannel) {
        short[] out = new short[samplesPerChannel * 2];
        double freq = 300 + (n % 50) * 12;
        for (int i = 0; i < samplesPerChannel; i++) {
            double t = (n * (double) samplesPerChannel + i) / 48_000.0;
            short s = (short) (Math.sin(2 * Math.PI * freq * t) * 6000);
            out[2 * i] = s;
            out[2 * i + 1] = s;
        }
        return out;
    }
}
