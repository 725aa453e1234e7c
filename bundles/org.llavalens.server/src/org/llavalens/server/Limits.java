package org.llavalens.server;

/**
 * What one request may carry; beyond it the host answers 413 with a one-line reason before any
 * work starts (a picture's pixels are counted from its header, not decoded).
 *
 * @param maxBodyBytes   a JSON body
 * @param maxImageBytes  the decoded picture file
 * @param maxImagePixels width x height of the picture
 * @param maxPromptChars question, context, answer prefix and target together
 */
public record Limits(long maxBodyBytes, long maxImageBytes, long maxImagePixels, int maxPromptChars) {

    /** 32 MiB of JSON, a 16 MiB picture of at most 4096 x 4096 pixels, 8000 characters of text. */
    public static final Limits DEFAULT = new Limits(32L << 20, 16L << 20, 4096L * 4096L, 8000);

    public Limits {
        if (maxBodyBytes < 1 || maxImageBytes < 1 || maxImagePixels < 1 || maxPromptChars < 1) {
            throw new IllegalArgumentException("every limit is positive");
        }
    }
}
