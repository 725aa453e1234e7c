package org.llavalens.analysis.reference;

import java.util.List;

import org.llavalens.attribution.HeadId;

/**
 * The figures the authors' notebook prints for the "brown dog" case (method.md §4): real
 * llava-1.5-7b-hf in fp32, COCO val2017 000000219578.jpg (a dog and a cat on a sofa), the question
 * "What is the color of the dog?" with the answer prefix "The color of the dog is", and the
 * tolerances this project checks them at.
 */
public final class BrownDogFigures {

    public static final String IMAGE_NAME = "000000219578.jpg";
    public static final String QUESTION = "What is the color of the dog?";
    public static final String ANSWER_PREFIX = "The color of the dog is";

    /** The image positions [5, 581): 576 patches after BOS, "USER", ":" and a space. */
    public static final int SPAN_START = 5;
    public static final int SPAN_END = 581;
    public static final int[] IDS_BEFORE_IMAGE = { 1, 3148, 1001, 29901, 29871 };

    /** The ten most likely next tokens, best first: brown black a orange tan dark white be red light. */
    public static final int[] TOP10_NEXT_TOKENS = { 17354, 4628, 263, 24841, 10345, 6501, 4796, 367, 2654, 3578 };

    /** A head and its log-probability increase S for "brown". */
    public record Head(HeadId head, double score) {
    }

    public static final List<Head> TOP10_HEADS = List.of(head(22, 27, 1.0399), head(19, 6, 1.0166),
            head(22, 17, 0.6654), head(15, 19, 0.3564), head(24, 3, 0.3344), head(21, 28, 0.2939), head(18, 31, 0.2697),
            head(16, 5, 0.1993), head(20, 20, 0.1847), head(21, 9, 0.1476));

    /** A position of the top head: sequence index, its S_j, the head's attention to it, and its patch. */
    public record Position(int position, double score, double attention, int patch) {
    }

    public static final HeadId TOP_HEAD = new HeadId(22, 27);

    public static final List<Position> TOP_HEAD_POSITIONS = List.of(new Position(229, 0.1699, 0.1189, 224),
            new Position(276, 0.1476, 0.0902, 271), new Position(251, 0.1298, 0.0746, 246));

    /** What the layer input's logit lens ranks first at those positions. */
    public static final String LAYER_INPUT_TOKEN = "dog";

    /** What the value-output vector c_j ranks first there ("Brown" or "brown"). */
    public static final String VALUE_OUTPUT_TOKEN = "brown";

    public static final double HEAD_SCORE_TOLERANCE = 5e-3;
    public static final double POSITION_SCORE_TOLERANCE = 5e-3;
    public static final double ATTENTION_TOLERANCE = 1e-3;

    private BrownDogFigures() {
    }

    private static Head head(int layer, int head, double score) {
        return new Head(new HeadId(layer, head), score);
    }
}
