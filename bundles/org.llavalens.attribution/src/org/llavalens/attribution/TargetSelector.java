package org.llavalens.attribution;

import java.util.OptionalInt;
import java.util.function.Function;
import java.util.function.IntFunction;

import org.llavalens.runtime.trace.ForwardTrace;

/**
 * Picks the target b: the argmax of the last logits by default (method.md §1), or a token the user
 * names by id or by word. The tokenizer stays with the caller: it passes a word-to-id lookup and an
 * id-to-text function, so the engine needs no tokenizer.
 */
public final class TargetSelector {

    private final Function<String, OptionalInt> wordToId;
    private final IntFunction<String> idToText;

    public TargetSelector(Function<String, OptionalInt> wordToId, IntFunction<String> idToText) {
        this.wordToId = wordToId;
        this.idToText = idToText;
    }

    /** Ids only: words cannot be looked up and texts are shown as {@code #id}. */
    public static TargetSelector idsOnly() {
        return new TargetSelector(w -> OptionalInt.empty(), id -> "#" + id);
    }

    public TargetToken argmax(ForwardTrace trace) {
        float[] logits = trace.logits();
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return new TargetToken(best, idToText.apply(best), TargetToken.ARGMAX);
    }

    /**
     * {@code null} or blank -> argmax; a whole number -> that id; anything else -> the word's id.
     *
     * @throws IllegalArgumentException if the id is out of range or the word is not one token
     */
    public TargetToken select(ForwardTrace trace, String request) {
        if (request == null || request.isBlank()) {
            return argmax(trace);
        }
        String r = request.trim();
        if (!r.chars().allMatch(Character::isDigit)) {
            return word(trace, r);
        }
        return user(trace, Integer.parseInt(r));
    }

    /**
     * The token of a word, never read as an id (an expected answer may be "2"), e.g. to explain the
     * same word in two models whose ids differ.
     *
     * @throws IllegalArgumentException if the word is not one token of the vocabulary
     */
    public TargetToken word(ForwardTrace trace, String word) {
        String r = word.trim();
        OptionalInt found = wordToId.apply(r);
        if (found.isEmpty()) {
            throw new IllegalArgumentException("target '" + r + "' is not a single token of this model's vocabulary");
        }
        return user(trace, found.getAsInt());
    }

    private TargetToken user(ForwardTrace trace, int id) {
        int vocab = trace.logits().length;
        if (id < 0 || id >= vocab) {
            throw new IllegalArgumentException("target id " + id + " is outside the vocabulary [0, " + vocab + ")");
        }
        return new TargetToken(id, idToText.apply(id), TargetToken.USER);
    }

    public String text(int id) {
        return idToText.apply(id);
    }
}
