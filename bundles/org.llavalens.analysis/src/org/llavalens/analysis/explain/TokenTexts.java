package org.llavalens.analysis.explain;

import java.util.ArrayList;
import java.util.List;

import org.llavalens.analysis.Words;
import org.llavalens.attribution.TargetSelector;
import org.llavalens.runtime.model.LoadedModel;
import org.llavalens.runtime.text.Tokenizer;

/**
 * The text of every token id of one model, read once from its tokenizer, so that a live case names
 * tokens without holding (or waiting for) the model: as the tokenizer spells it ({@code \u2581color})
 * and as a user reads it ({@code color}).
 */
final class TokenTexts {

    private final String[] spelled;
    private final String[] texts;

    private TokenTexts(String[] spelled, String[] texts) {
        this.spelled = spelled;
        this.texts = texts;
    }

    static TokenTexts of(LoadedModel model) {
        int n = model.config().text().vocabSize();
        TargetSelector selector = Words.selector(model);
        Tokenizer tokenizer = model.tokenizer().orElse(null);
        String[] spelled = new String[n];
        String[] texts = new String[n];
        for (int id = 0; id < n; id++) {
            String s = tokenizer == null ? null : tokenizer.idToToken(id);
            spelled[id] = s == null ? "#" + id : s;
            texts[id] = selector.text(id);
        }
        return new TokenTexts(spelled, texts);
    }

    /** As a user reads it. */
    String text(int id) {
        return id >= 0 && id < texts.length ? texts[id] : "#" + id;
    }

    /** As the tokenizer spells each of {@code ids}. */
    List<String> tokens(int[] ids) {
        List<String> out = new ArrayList<>(ids.length);
        for (int id : ids) {
            out.add(id >= 0 && id < spelled.length ? spelled[id] : "#" + id);
        }
        return out;
    }
}
