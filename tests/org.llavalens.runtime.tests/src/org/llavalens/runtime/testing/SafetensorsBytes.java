package org.llavalens.runtime.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Hand-made safetensors files for bad-input tests. */
public final class SafetensorsBytes {

    private SafetensorsBytes() {
    }

    /** A file with the given header text (its true length in the prefix) followed by {@code dataBytes} zeros. */
    public static Path write(Path file, String header, int dataBytes) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return write(file, h.length, h, dataBytes);
    }

    /** A file whose 8-byte prefix claims {@code declaredLength}, whatever the header really holds. */
    public static Path write(Path file, long declaredLength, byte[] header, int dataBytes) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(declaredLength).put(header);
        Files.write(file, b.array());
        return file;
    }
}
