package org.llavalens.runtime.image;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes image files into {@link RgbImage}s with a bound: the declared size is read from the header before
 * any pixel is decoded, and images above {@link #MAX_PIXELS} are refused (a 30000 x 30000 PNG header is a
 * decompression bomb, not a photo). Conversion to RGB follows PIL's {@code convert('RGB')}: alpha is dropped
 * (not composited), grey is replicated, palettes are looked up, 16-bit samples keep their high byte; no
 * color management is applied.
 */
public final class ImageLoader {

    public static final long MAX_PIXELS = 100_000_000L;

    private ImageLoader() {
    }

    public static RgbImage load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidImageException(file + ": image file not found");
        }
        // Decoding from a file needs no disk cache; with it ImageIO writes temp files for every stream.
        ImageIO.setUseCache(false);
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw new InvalidImageException(file + ": cannot open image");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new InvalidImageException(file + ": not an image in a supported format (PNG, JPEG, BMP, GIF)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long w = reader.getWidth(0);
                long h = reader.getHeight(0);
                if (w <= 0 || h <= 0) {
                    throw new InvalidImageException(file + ": image declares an empty size " + w + "x" + h);
                }
                if (w * h > MAX_PIXELS) {
                    throw new InvalidImageException(file + ": image declares " + w + "x" + h + " pixels, more than the "
                            + MAX_PIXELS / 1_000_000 + " megapixel limit (corrupt or a decompression bomb)");
                }
                BufferedImage image = reader.read(0);
                return toRgb(image);
            } finally {
                reader.dispose();
            }
        } catch (InvalidImageException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            throw new InvalidImageException(file + ": corrupt or unreadable image (" + m + ")", e);
        }
    }

    /** PIL convert('RGB') semantics on a decoded image. */
    public static RgbImage toRgb(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] out = new byte[w * h * 3];
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        int colorBands = cm.getNumColorComponents();
        boolean direct = cm instanceof ComponentColorModel
                && (cm.getColorSpace().isCS_sRGB() || colorBands == 1)
                && raster.getSampleModel().getSampleSize(0) <= 16;
        if (direct) {
            int shift = raster.getSampleModel().getSampleSize(0) - 8;
            int[] row = new int[w * raster.getNumBands()];
            int bands = raster.getNumBands();
            for (int y = 0; y < h; y++) {
                raster.getPixels(0, y, w, 1, row);
                for (int x = 0; x < w; x++) {
                    for (int c = 0; c < 3; c++) {
                        int v = row[x * bands + (colorBands == 1 ? 0 : c)];
                        out[(y * w + x) * 3 + c] = (byte) (shift > 0 ? v >> shift : shift < 0 ? v << -shift : v);
                    }
                }
            }
        } else {
            // Packed RGB, palettes and other color models: ColorModel gives 8-bit sRGB; alpha is ignored.
            int[] argb = new int[w];
            for (int y = 0; y < h; y++) {
                image.getRGB(0, y, w, 1, argb, 0, w);
                for (int x = 0; x < w; x++) {
                    int p = argb[x];
                    int o = (y * w + x) * 3;
                    out[o] = (byte) (p >> 16);
                    out[o + 1] = (byte) (p >> 8);
                    out[o + 2] = (byte) p;
                }
            }
        }
        return new RgbImage(w, h, out);
    }
}
