package org.llavalens.ui.session;

import java.util.function.IntFunction;

import org.llavalens.attribution.result.AttributionRecord;

/**
 * The model's top next-token prediction at every position of one result's input (argmax of the
 * logits there), for the Text Positions view.
 *
 * @param ids  token id predicted after each position
 * @param text a token's text
 */
public record NextTokens(AttributionRecord record, int[] ids, IntFunction<String> text) {

    /** The text of the token predicted after position j. */
    public String after(int j) {
        return text.apply(ids[j]);
    }
}
