package org.llavalens.runtime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 4.6 GB file (sparse: only the header and a few values are written) whose last tensor starts past 3 GiB
 * and spans several 1 GiB mappings: long offsets and reads across mapping boundaries.
 */
class SafetensorsLargeFileTest {

    @TempDir
    Path tmp;

    @Test
    void tensorsPastFourGigabytesAndAcrossMappings() throws IOException {
        long padBytes = 3L << 30;
        long bigNumel = (3L << 30) / 2 / 4 * 2; // 1.5 GiB of F32
        long bigBytes = bigNumel * 4;
        String header = "{\"pad\":{\"dtype\":\"U8\",\"shape\":[" + padBytes + "],\"data_offsets\":[0," + padBytes + "]},"
                + "\"big\":{\"dtype\":\"F32\",\"shape\":[" + bigNumel + "],\"data_offsets\":[" + padBytes + ","
                + (padBytes + bigBytes) + "]}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        long dataStart = 8 + h.length;
        Path file = tmp.resolve("large.safetensors");
        long boundary = SafetensorsFile.MAX_MAPPING / 4; // first element of the second mapping of "big"
        long[] marked = {0, boundary - 2, boundary - 1, boundary, boundary + 1, bigNumel - 1};
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(dataStart + padBytes + bigBytes);
            raf.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
            raf.write(h);
            for (long i : marked) {
                raf.seek(dataStart + padBytes + i * 4);
                raf.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(i + 0.5f).array());
            }
        }
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertEquals(bigNumel, f.info("big").numel());
            float[] around = new float[6];
            f.readFloats("big", boundary - 3, 6, FloatBuffer.wrap(around));
            assertEquals(0f, around[0]);
            assertEquals(boundary - 2 + 0.5f, around[1]);
            assertEquals(boundary - 1 + 0.5f, around[2]);
            assertEquals(boundary + 0.5f, around[3]);
            assertEquals(boundary + 1 + 0.5f, around[4]);
            assertEquals(0f, around[5]);
            float[] last = new float[2];
            f.readFloats("big", bigNumel - 2, 2, FloatBuffer.wrap(last));
            assertEquals(0f, last[0]);
            assertEquals(bigNumel - 1 + 0.5f, last[1]);
            float[] first = new float[1];
            f.readFloats("big", 0, 1, FloatBuffer.wrap(first));
            assertEquals(0.5f, first[0]);
        }
    }
}
