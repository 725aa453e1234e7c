package org.llavalens.runtime.io;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.runtime.config.PreprocessorConfig;
import org.llavalens.runtime.image.ClipImageProcessor;
import org.llavalens.runtime.image.ImageLimits;
import org.llavalens.runtime.image.InvalidImageException;
import org.llavalens.runtime.image.RgbImage;
import org.llavalens.runtime.config.PreprocessorConfigs;
import org.llavalens.runtime.testing.SafetensorsBytes;

/** Hostile inputs refused with one line before any large buffer exists: slivers of images, integer weights. */
class InputLimitsTest {

    @TempDir
    Path tmp;

    private static final PreprocessorConfig CLIP = PreprocessorConfigs.forImageSize(336);

    @Test
    void aSliverImageIsRefusedBeforeItIsResized() {
        // 93 bytes as a PNG; resized to a 336-pixel short side it would be 336 x 2,016,000 pixels
        RgbImage sliver = new RgbImage(1, 6000, new byte[6000 * 3]);
        InvalidImageException e = assertThrows(InvalidImageException.class,
                () -> new ClipImageProcessor(CLIP).preprocess(sliver));
        assertTrue(e.getMessage().equals("image 1x6000 has an aspect ratio above 20:1 (a sliver, not a photo)"),
                e.getMessage());
    }

    @Test
    void sizesAreComputedInLongSoAHugeSideIsAMessageNotANumber() {
        InvalidImageException e = assertThrows(InvalidImageException.class,
                () -> ImageLimits.check(100_000, 1, true, true, 336));
        assertTrue(e.getMessage().contains("padded to a square would have 10000000000 pixels"), e.getMessage());
        InvalidImageException r = assertThrows(InvalidImageException.class,
                () -> ImageLimits.check(40_000, 2_001, false, true, 40_000));
        assertTrue(r.getMessage().contains("resized would have"), r.getMessage());
        ImageLimits.check(640, 427, false, true, 336);
        ImageLimits.check(1000, 210, false, true, 336);
    }

    @Test
    void anIntegerTensorWhereWeightsBelongNamesTheTensorAndItsDtype() throws IOException {
        Path f = SafetensorsBytes.write(tmp.resolve("i64.safetensors"),
                "{\"model.embed_tokens.weight\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[0,16]}}", 16);
        try (SafetensorsFile s = SafetensorsFile.open(f)) {
            ModelFormatException e = assertThrows(ModelFormatException.class,
                    () -> s.readFloats("model.embed_tokens.weight", FloatBuffer.allocate(2)));
            assertTrue(e.getMessage().equals("tensor model.embed_tokens.weight has dtype I64; weights must be floating"
                    + " point (F32, F16, BF16 or F64)"), e.getMessage());
        }
    }
}
