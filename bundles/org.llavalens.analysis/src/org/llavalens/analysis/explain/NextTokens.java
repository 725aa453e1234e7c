package org.llavalens.analysis.explain;

import java.util.List;

/**
 * The model's top next-token prediction after every input position (argmax of the logits there;
 * the last is the answer).
 *
 * @param ids   token id predicted after each position
 * @param texts those tokens' text
 */
public record NextTokens(int[] ids, List<String> texts) {

    public NextTokens {
        ids = ids.clone();
        texts = List.copyOf(texts);
        if (ids.length != texts.size()) {
            throw new IllegalArgumentException(ids.length + " ids but " + texts.size() + " texts");
        }
    }

    /** The text of the token predicted after position j. */
    public String after(int j) {
        return texts.get(j);
    }

    public int length() {
        return ids.length;
    }

    @Override
    public int[] ids() {
        return ids.clone();
    }
}
