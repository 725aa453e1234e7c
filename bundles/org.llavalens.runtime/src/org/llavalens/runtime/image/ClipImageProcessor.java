package org.llavalens.runtime.image;

import java.util.Arrays;

import org.llavalens.runtime.config.PreprocessorConfig;

/**
 * Hugging Face's {@code CLIPImageProcessor} as configured for llava-1.5, with the same arithmetic: resize so
 * the shortest edge is {@code shortestEdge} (long edge = int(size * long / short)) with Pillow's bicubic,
 * centre crop (top = (h - ch) // 2, left = (w - cw) // 2, zero padding if the image is smaller), rescale in
 * float64 then cast to float32, normalise in float32, channels first. Optionally the original LLaVA repo's
 * pad-to-square first (canvas filled with int(255 * mean) per channel).
 */
public final class ClipImageProcessor {

    private final PreprocessorConfig config;

    public ClipImageProcessor(PreprocessorConfig config) {
        if (config.doResize() && config.resample() != 3) {
            throw new IllegalArgumentException("only bicubic resampling (resample 3) is implemented, the "
                    + "preprocessor config asks for " + config.resample());
        }
        this.config = config;
    }

    public PreprocessorConfig config() {
        return config;
    }

    public PreprocessedImage preprocess(RgbImage original) {
        ImageLimits.check(original.width(), original.height(), config.padToSquare(), config.doResize(),
                config.shortestEdge());
        RgbImage img = original;
        int padX = 0;
        int padY = 0;
        if (config.padToSquare()) {
            int side = Math.max(img.width(), img.height());
            padX = (side - img.width()) / 2;
            padY = (side - img.height()) / 2;
            img = expandToSquare(img, side, padX, padY, backgroundColor(config.imageMean()));
        }
        int paddedW = img.width();
        int paddedH = img.height();
        if (config.doResize()) {
            int[] size = shortestEdgeSize(img.width(), img.height(), config.shortestEdge());
            img = PillowResize.bicubic(img, size[0], size[1]);
        }
        int resizedW = img.width();
        int resizedH = img.height();
        int left = 0;
        int top = 0;
        if (config.doCenterCrop()) {
            left = Math.floorDiv(img.width() - config.cropWidth(), 2);
            top = Math.floorDiv(img.height() - config.cropHeight(), 2);
            img = crop(img, left, top, config.cropWidth(), config.cropHeight());
        }
        CropGeometry geometry = new CropGeometry(original.width(), original.height(), padX, padY, paddedW, paddedH,
                resizedW, resizedH, left, top, img.width(), img.height());
        return new PreprocessedImage(normalise(img), img.height(), img.width(), geometry);
    }

    /** {width, height} after the shortest-edge resize, as transformers' get_resize_output_image_size computes it. */
    public static int[] shortestEdgeSize(int width, int height, int shortestEdge) {
        int shortSide = Math.min(width, height);
        int longSide = Math.max(width, height);
        int newLong = (int) ((double) ((long) shortestEdge * longSide) / shortSide);
        return width <= height ? new int[] {shortestEdge, newLong} : new int[] {newLong, shortestEdge};
    }

    /** int(x * 255) of the mean, e.g. (122, 116, 104) for CLIP's mean. */
    static int[] backgroundColor(double[] mean) {
        return Arrays.stream(mean).mapToInt(m -> (int) (m * 255)).toArray();
    }

    static RgbImage expandToSquare(RgbImage img, int side, int x0, int y0, int[] fill) {
        byte[] out = new byte[side * side * 3];
        for (int i = 0; i < side * side; i++) {
            out[i * 3] = (byte) fill[0];
            out[i * 3 + 1] = (byte) fill[1];
            out[i * 3 + 2] = (byte) fill[2];
        }
        for (int y = 0; y < img.height(); y++) {
            System.arraycopy(img.rgb(), y * img.width() * 3, out, ((y + y0) * side + x0) * 3, img.width() * 3);
        }
        return new RgbImage(side, side, out);
    }

    /** The crop window at (left, top) of the image; parts outside the image are zero, as HF pads. */
    static RgbImage crop(RgbImage img, int left, int top, int w, int h) {
        byte[] out = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            int sy = y + top;
            if (sy < 0 || sy >= img.height()) {
                continue;
            }
            for (int x = 0; x < w; x++) {
                int sx = x + left;
                if (sx >= 0 && sx < img.width()) {
                    System.arraycopy(img.rgb(), (sy * img.width() + sx) * 3, out, (y * w + x) * 3, 3);
                }
            }
        }
        return new RgbImage(w, h, out);
    }

    private float[] normalise(RgbImage img) {
        int plane = img.width() * img.height();
        float[] out = new float[3 * plane];
        for (int c = 0; c < 3; c++) {
            // numpy: rescale in float64 then cast to float32; normalise with mean and std cast to float32
            float mean = (float) config.imageMean()[c];
            float std = (float) config.imageStd()[c];
            for (int i = 0; i < plane; i++) {
                int v = img.rgb()[i * 3 + c] & 0xff;
                float x = config.doRescale() ? (float) (v * config.rescaleFactor()) : v;
                out[c * plane + i] = config.doNormalize() ? (x - mean) / std : x;
            }
        }
        return out;
    }
}
