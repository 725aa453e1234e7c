package org.llavalens.runtime.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/** Positional reads that fill a buffer or say the file is truncated (a channel may return less). */
final class ChannelReads {

    private ChannelReads() {
    }

    /** Fills {@code dst} from {@code position} on; the buffer is left at its limit (not flipped). */
    static void readFully(FileChannel ch, ByteBuffer dst, long position, Path file) throws IOException {
        long pos = position;
        while (dst.hasRemaining()) {
            int n = ch.read(dst, pos);
            if (n < 0) {
                throw new ModelFormatException(file + ": file is truncated");
            }
            pos += n;
        }
    }
}
