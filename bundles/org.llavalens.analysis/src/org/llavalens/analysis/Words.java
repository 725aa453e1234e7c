package org.llavalens.analysis;

import java.util.OptionalInt;
import java.util.OptionalLong;

import org.llavalens.attribution.TargetSelector;
import org.llavalens.runtime.model.LoadedModel;
import org.llavalens.runtime.text.Tokenizer;

/**
 * Words as single tokens of one model's vocabulary, the way a user names them ("brown", not
 * "▁brown"): the lookups the attribution engine takes instead of a tokenizer.
 */
public final class Words {

    private final Tokenizer tokenizer;

    public Words(Tokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /** The id of a word that is one token (an unknown word, encoded as {@code <unk>}, is not). */
    public OptionalInt id(String word) {
        long[] ids = tokenizer.encode(word, false);
        if (ids.length == 1 && text((int) ids[0]).equals(word.strip())) {
            return OptionalInt.of((int) ids[0]);
        }
        for (String t : new String[] { word.strip(), "\u2581" + word.strip() }) {
            OptionalLong id = tokenizer.tokenToId(t);
            if (id.isPresent()) {
                return OptionalInt.of((int) id.getAsLong());
            }
        }
        return OptionalInt.empty();
    }

    /** As {@link #id}, failing with a one-line reason. */
    public int require(String word) {
        return id(word).orElseThrow(() -> new IllegalArgumentException(
                "'" + word + "' is not a single token of " + tokenizer.file().getParent().getFileName()));
    }

    public String text(int id) {
        String t = tokenizer.idToToken(id);
        if (t == null) {
            return "#" + id;
        }
        String s = t.replace('\u2581', ' ').strip();
        return s.isEmpty() ? t : s;
    }

    public TargetSelector selector() {
        return new TargetSelector(this::id, this::text);
    }

    /** The selector of {@code model}'s words, or ids only when it has no tokenizer. */
    public static TargetSelector selector(LoadedModel model) {
        return model.tokenizer().map(t -> new Words(t).selector()).orElseGet(TargetSelector::idsOnly);
    }
}
