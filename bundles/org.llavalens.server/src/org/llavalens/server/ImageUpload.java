package org.llavalens.server;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.Iterator;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import org.llavalens.annotation.store.Hashes;

/**
 * A picture sent in a request: checked against the limits (bytes, then pixels from the header
 * without decoding), named by its hash and kept in the host's spool folder, where the analysis
 * reads it. No client-given name ever becomes a path.
 *
 * @param hash {@code sha256:<hex>} of the bytes, as results record it
 */
record ImageUpload(Path file, String hash) {

    static ImageUpload of(String base64, Limits limits, Path spool) throws IOException {
        if (base64.length() > limits.maxImageBytes() / 3 * 4 + 8) {
            throw HostProblem.tooLarge("the image is larger than the host's limit of " + limits.maxImageBytes() + " bytes");
        }
        byte[] bytes;
        try {
            bytes = Base64.getMimeDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw HostProblem.badRequest("'image' is not base64: " + e.getMessage());
        }
        if (bytes.length > limits.maxImageBytes()) {
            throw HostProblem.tooLarge("the image has " + bytes.length + " bytes; the host takes at most "
                    + limits.maxImageBytes());
        }
        long pixels = pixels(bytes);
        if (pixels > limits.maxImagePixels()) {
            throw HostProblem.tooLarge("the image has " + pixels + " pixels; the host takes at most "
                    + limits.maxImagePixels());
        }
        String hex = Hashes.sha256(bytes);
        Path file = spool.resolve(hex + ".img");
        if (!Files.exists(file)) {
            Path tmp = Files.createTempFile(spool, hex, ".part");
            Files.write(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        return new ImageUpload(file, "sha256:" + hex);
    }

    private static long pixels(byte[] bytes) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw HostProblem.badRequest("'image' is not a picture ImageIO reads (PNG, JPEG, BMP, GIF)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                return (long) reader.getWidth(0) * reader.getHeight(0);
            } finally {
                reader.dispose();
            }
        }
    }
}
