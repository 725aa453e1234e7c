package org.llavalens.demo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The demo model's word vocabulary. Ids are positions in {@link #words()}: the three LLaMA special
 * tokens first, then punctuation (a newline is a token of its own, as in the LLaVA prompt), then
 * words. {@code <image>} and {@code <pad>} come last, as llava-hf appends them after Vicuna's
 * vocabulary; the Vicuna counterpart's vocabulary stops before them.
 */
public final class DemoVocabulary {

    public static final String UNK = "<unk>";
    public static final String BOS = "<s>";
    public static final String EOS = "</s>";
    public static final String IMAGE = "<image>";
    public static final String PAD = "<pad>";

    private static final List<String> TEXT_WORDS;

    static {
        List<String> w = new ArrayList<>(List.of(UNK, BOS, EOS,
                "\n", ":", "?", ".", ",", "!", "'",
                "USER", "ASSISTANT",
                "What", "what", "Which", "which", "Is", "is", "are", "it", "this", "This", "there", "There",
                "the", "The", "a", "an", "and", "of", "in", "on", "left", "right", "color", "animal", "image"));
        for (Species s : Species.values()) {
            w.add(s.word());
        }
        for (Color c : Color.values()) {
            w.add(c.word());
        }
        TEXT_WORDS = Collections.unmodifiableList(w);
    }

    private DemoVocabulary() {
    }

    /** The Vicuna vocabulary: every token except {@code <image>} and {@code <pad>}. */
    public static List<String> textWords() {
        return TEXT_WORDS;
    }

    /** Size of the Vicuna vocabulary. */
    public static int textSize() {
        return TEXT_WORDS.size();
    }

    /** Size of the LLaVA vocabulary (text words plus {@code <image>} and {@code <pad>}). */
    public static int llavaSize() {
        return TEXT_WORDS.size() + 2;
    }

    public static int imageId() {
        return TEXT_WORDS.size();
    }

    public static int padId() {
        return TEXT_WORDS.size() + 1;
    }

    public static int unkId() {
        return 0;
    }

    public static int bosId() {
        return 1;
    }

    public static int eosId() {
        return 2;
    }

    /** The id of a text word; throws for words outside the vocabulary. */
    public static int id(String word) {
        int i = TEXT_WORDS.indexOf(word);
        if (i < 0) {
            throw new IllegalArgumentException("not in the demo vocabulary: '" + word + "'");
        }
        return i;
    }

    public static int id(Species s) {
        return id(s.word());
    }

    public static int id(Color c) {
        return id(c.word());
    }

    /** Every token of the LLaVA vocabulary in id order. */
    public static List<String> llavaWords() {
        List<String> all = new ArrayList<>(TEXT_WORDS);
        all.add(IMAGE);
        all.add(PAD);
        return all;
    }
}
