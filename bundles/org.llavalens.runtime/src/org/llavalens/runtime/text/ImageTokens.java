package org.llavalens.runtime.text;

import java.util.Arrays;

import org.llavalens.runtime.trace.ImageSpan;

/**
 * Finds the image in a LLaVA prompt's ids. One {@code <image>} id stands for one position per image feature
 * and is expanded here (what older processors left to the model); ids already expanded by a newer processor
 * (one {@code <image>} per feature, contiguous) are accepted as they are. Anything else is an error, as are ids
 * outside the model's vocabulary.
 */
public final class ImageTokens {

    /** The expanded ids and the image positions [start, end). */
    public record Expanded(long[] ids, int start, int end) {

        public int length() {
            return end - start;
        }

        /** The span as the trace contract has it (square patch grids only, i.e. the "default" strategy). */
        public ImageSpan span(int gridSide) {
            return new ImageSpan(start, end, gridSide);
        }
    }

    private ImageTokens() {
    }

    /**
     * @param imageTokenId  the id of {@code <image>} (config image_token_index)
     * @param imageFeatures positions the image occupies (patches, plus 1 for CLS under the "full" strategy)
     * @param vocabSize     rows of the model's embedding matrix
     * @throws TokenizerException for ids outside [0, vocabSize), no image token, or a count that is neither 1
     *                            nor {@code imageFeatures}
     */
    public static Expanded expand(long[] ids, long imageTokenId, int imageFeatures, int vocabSize) {
        checkVocabulary(ids, vocabSize);
        int count = 0;
        int first = -1;
        int last = -1;
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == imageTokenId) {
                count++;
                if (first < 0) {
                    first = i;
                }
                last = i;
            }
        }
        if (count == 0) {
            throw new TokenizerException("the ids hold no image token (id " + imageTokenId + ")");
        }
        if (count == imageFeatures) {
            if (last - first + 1 != count) {
                throw new TokenizerException("the " + count + " image tokens (id " + imageTokenId
                        + ") are not contiguous (positions " + first + " to " + last + ")");
            }
            return new Expanded(ids.clone(), first, last + 1);
        }
        if (count == 1) {
            long[] out = new long[ids.length - 1 + imageFeatures];
            System.arraycopy(ids, 0, out, 0, first);
            Arrays.fill(out, first, first + imageFeatures, imageTokenId);
            System.arraycopy(ids, first + 1, out, first + imageFeatures, ids.length - first - 1);
            return new Expanded(out, first, first + imageFeatures);
        }
        throw new TokenizerException("the ids hold " + count + " image tokens (id " + imageTokenId
                + "); expected 1 or " + imageFeatures + " (one per image feature)");
    }

    /** @throws TokenizerException naming the first id outside [0, vocabSize) and its position */
    public static void checkVocabulary(long[] ids, int vocabSize) {
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= vocabSize) {
                throw new TokenizerException("id " + ids[i] + " at position " + i
                        + " is outside the vocabulary (0.." + (vocabSize - 1) + ")");
            }
        }
    }
}
