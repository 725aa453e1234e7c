package org.llavalens.runtime.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.llavalens.runtime.config.PreprocessorConfig;
import org.llavalens.runtime.config.PreprocessorConfigs;
import org.llavalens.runtime.io.NpyArray;
import org.llavalens.runtime.testing.Fixtures;

/** Against pixel_values produced by transformers' CLIPImageProcessor on Pillow 9.4 (fixtures/preprocess, a, b). */
class ClipImageProcessorTest {

    static double maxAbsDiff(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        double max = 0;
        for (int i = 0; i < expected.length; i++) {
            max = Math.max(max, Math.abs((double) expected[i] - actual[i]));
        }
        return max;
    }

    @ParameterizedTest
    @CsvSource({
        "image_640x427.png, pixel_values_640x427.npy, false, 503, 336, 83, 0",
        "image_427x640.png, pixel_values_427x640.npy, false, 336, 503, 0, 83",
        "image_500x500.png, pixel_values_500x500.npy, false, 336, 336, 0, 0",
        "image_1000x210.png, pixel_values_1000x210.npy, false, 1600, 336, 632, 0",
        "image_640x427.png, pixel_values_640x427_expand2square.npy, true, 336, 336, 0, 0",
    })
    void matchesHuggingFace(String image, String expected, boolean pad, int resizedW, int resizedH, int left, int top) {
        Path dir = Fixtures.dir("preprocess");
        PreprocessorConfig config = PreprocessorConfigs.load(dir).withPadToSquare(pad);
        PreprocessedImage out = new ClipImageProcessor(config).preprocess(ImageLoader.load(dir.resolve(image)));
        NpyArray ref = NpyArray.read(dir.resolve(expected));
        assertArrayEquals(new int[] {1, 3, 336, 336}, ref.shape());
        assertEquals(336, out.height());
        assertEquals(336, out.width());
        double diff = maxAbsDiff(ref.floats(), out.pixelValues());
        System.out.println("preprocess " + expected + ": max |diff| = " + diff);
        assertTrue(diff <= 1e-5, expected + ": max |diff| " + diff);
        CropGeometry g = out.geometry();
        assertEquals(resizedW, g.resizedWidth());
        assertEquals(resizedH, g.resizedHeight());
        assertEquals(left, g.cropLeft());
        assertEquals(top, g.cropTop());
    }

    @ParameterizedTest
    @CsvSource({"a", "b"})
    void modelFixturesPixelValues(String fixture) {
        PreprocessorConfig config = PreprocessorConfigs.load(Fixtures.dir(fixture));
        RgbImage img = ImageLoader.load(Fixtures.file(fixture, "image.png"));
        NpyArray raw = NpyArray.read(Fixtures.file(fixture, "image_rgb_uint8.npy"));
        long[] expectedRgb = raw.longs();
        assertArrayEquals(new int[] {img.height(), img.width(), 3}, raw.shape());
        for (int i = 0; i < expectedRgb.length; i++) {
            assertEquals(expectedRgb[i], img.rgb()[i] & 0xff);
        }
        PreprocessedImage out = new ClipImageProcessor(config).preprocess(img);
        double diff = maxAbsDiff(NpyArray.read(Fixtures.file(fixture, "pixel_values.npy")).floats(), out.pixelValues());
        System.out.println("preprocess " + fixture + "/pixel_values.npy: max |diff| = " + diff);
        assertTrue(diff <= 1e-5, fixture + ": " + diff);
    }

    @Test
    void outputSizeFollowsTransformersRounding() {
        assertArrayEquals(new int[] {503, 336}, ClipImageProcessor.shortestEdgeSize(640, 427, 336));
        assertArrayEquals(new int[] {336, 503}, ClipImageProcessor.shortestEdgeSize(427, 640, 336));
        assertArrayEquals(new int[] {1600, 336}, ClipImageProcessor.shortestEdgeSize(1000, 210, 336));
        // 336 * 1001 / 333 = 1010.0 (float division, truncated)
        assertArrayEquals(new int[] {336, 1010}, ClipImageProcessor.shortestEdgeSize(333, 1001, 336));
    }

    @Test
    void padColorIsIntOf255TimesMean() {
        assertArrayEquals(new int[] {122, 116, 104},
                ClipImageProcessor.backgroundColor(new double[] {0.48145466, 0.4578275, 0.40821073}));
    }

    @Test
    void geometryMapsCropBackToOriginal() {
        PreprocessorConfig config = PreprocessorConfigs.forImageSize(336);
        RgbImage img = new RgbImage(640, 427, new byte[640 * 427 * 3]);
        CropGeometry g = new ClipImageProcessor(config).preprocess(img).geometry();
        // resized 503x336, crop at left 83: crop x 0 is resized x 83 = original 83 * 640/503
        double[] p = g.toOriginal(0, 0);
        assertEquals(83 * 640.0 / 503, p[0], 1e-9);
        assertEquals(0, p[1], 1e-9);
        double[] q = g.toOriginal(336, 336);
        assertEquals((83 + 336) * 640.0 / 503, q[0], 1e-9);
        assertEquals(427, q[1], 1e-9);
        double[] v = g.visibleRegion();
        assertEquals(p[0], v[0], 1e-9);
        assertEquals(q[0], v[2], 1e-9);
        assertTrue(v[0] > 0 && v[2] < 640, "left and right strips are cut away");

        CropGeometry padded = new ClipImageProcessor(config.withPadToSquare(true)).preprocess(img).geometry();
        assertEquals(106, padded.padY());
        double[] top = padded.toOriginal(0, 0);
        assertEquals(-106, top[1], 1e-9);
        double[] vr = padded.visibleRegion();
        assertArrayEquals(new double[] {0, 0, 640, 427}, vr, 1e-9);
    }

    @Test
    void cropLargerThanImageIsZeroPaddedLikeHf() {
        PreprocessorConfig config = new PreprocessorConfig(4, 6, 6, false, true, false, 1 / 255.0, false,
                new double[] {0, 0, 0}, new double[] {1, 1, 1}, true, 3, false);
        byte[] px = new byte[4 * 4 * 3];
        java.util.Arrays.fill(px, (byte) 200);
        PreprocessedImage out = new ClipImageProcessor(config).preprocess(new RgbImage(4, 4, px));
        assertEquals(-1, out.geometry().cropLeft());
        float[] v = out.pixelValues();
        assertEquals(0f, v[0]);
        assertEquals(200f, v[6 + 1]);
        assertEquals(0f, v[35]);
    }
}
