package org.llavalens.runtime.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.runtime.testing.Fixtures;

class ImageLoaderTest {

    @TempDir
    Path tmp;

    @Test
    void decompressionBombIsRefusedFromTheHeader() throws IOException {
        Path f = tmp.resolve("bomb.png");
        Files.write(f, pngHeaderOnly(30000, 30000));
        InvalidImageException e = assertThrows(InvalidImageException.class, () -> ImageLoader.load(f));
        assertTrue(e.getMessage().contains("30000x30000"), e.getMessage());
        assertTrue(e.getMessage().contains("megapixel"), e.getMessage());
        assertTrue(e.getMessage().contains("bomb.png"), e.getMessage());
    }

    @Test
    void corruptPngIsOneClearError() throws IOException {
        byte[] good = Files.readAllBytes(Fixtures.file("preprocess", "image_500x500.png"));
        byte[] bad = java.util.Arrays.copyOf(good, good.length);
        for (int i = 100; i < bad.length; i += 7) {
            bad[i] ^= 0x5a;
        }
        Path f = tmp.resolve("corrupt.png");
        Files.write(f, bad);
        InvalidImageException e = assertThrows(InvalidImageException.class, () -> ImageLoader.load(f));
        assertTrue(e.getMessage().contains("corrupt.png"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void truncatedPng() throws IOException {
        byte[] good = Files.readAllBytes(Fixtures.file("preprocess", "image_500x500.png"));
        Path f = tmp.resolve("truncated.png");
        Files.write(f, java.util.Arrays.copyOf(good, good.length / 3));
        InvalidImageException e = assertThrows(InvalidImageException.class, () -> ImageLoader.load(f));
        assertTrue(e.getMessage().contains("truncated.png"), e.getMessage());
    }

    @Test
    void notAnImage() throws IOException {
        Path f = tmp.resolve("notes.png");
        Files.writeString(f, "this is text");
        InvalidImageException e = assertThrows(InvalidImageException.class, () -> ImageLoader.load(f));
        assertTrue(e.getMessage().contains("not an image"), e.getMessage());
        assertThrows(InvalidImageException.class, () -> ImageLoader.load(tmp.resolve("missing.png")));
    }

    @Test
    void alphaIsDroppedNotComposited() throws IOException {
        BufferedImage argb = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 0x00_10_20_30);
        argb.setRGB(1, 0, 0x80_ff_00_7f);
        Path f = tmp.resolve("alpha.png");
        ImageIO.write(argb, "png", f.toFile());
        RgbImage img = ImageLoader.load(f);
        assertEquals(0x10, img.sample(0, 0, 0));
        assertEquals(0x20, img.sample(0, 0, 1));
        assertEquals(0x30, img.sample(0, 0, 2));
        assertEquals(0xff, img.sample(1, 0, 0));
        assertEquals(0x7f, img.sample(1, 0, 2));
    }

    @Test
    void greyIsReplicatedWithoutGammaConversion() throws IOException {
        BufferedImage grey = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(0, 0, 0, 0);
        grey.getRaster().setSample(1, 0, 0, 128);
        grey.getRaster().setSample(2, 0, 0, 255);
        Path f = tmp.resolve("grey.png");
        ImageIO.write(grey, "png", f.toFile());
        RgbImage img = ImageLoader.load(f);
        for (int c = 0; c < 3; c++) {
            assertEquals(0, img.sample(0, 0, c));
            assertEquals(128, img.sample(1, 0, c));
            assertEquals(255, img.sample(2, 0, c));
        }
    }

    /** Signature, an IHDR declaring the size (8-bit RGB), an empty IDAT and IEND: no pixel data to speak of. */
    static byte[] pngHeaderOnly(int width, int height) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IDAT", new byte[] {0x78, (byte) 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        out.write(ByteBuffer.allocate(4).putInt(data.length).array());
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        out.write(t);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
