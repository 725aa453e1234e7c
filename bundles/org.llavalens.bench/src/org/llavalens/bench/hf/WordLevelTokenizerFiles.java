package org.llavalens.bench.hf;

import java.util.List;
import java.util.Set;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

/**
 * tokenizer.json and tokenizer_config.json for a word vocabulary (ids are positions in {@code words}):
 * a WordLevel model behind a pre-tokenizer that keeps every run of letters, every newline and every
 * other single non-space character as a piece and drops spaces; the {@code specials} (say
 * {@code <image>}) are added tokens, and a template prepends BOS as LLaMA's tokenizer does. Padding
 * uses {@code pad} when the vocabulary has it, else {@code unk}.
 */
public record WordLevelTokenizerFiles(List<String> words, String unk, String bos, String eos, String pad,
        Set<String> specials, int maxPositions) {

    /** Pieces are the regex matches; the gaps between them (spaces) are removed. */
    public static final String PIECES = "\n|[A-Za-z]+|[^\\sA-Za-z]";

    public WordLevelTokenizerFiles {
        words = List.copyOf(words);
        specials = Set.copyOf(specials);
    }

    private int bosId() {
        return words.indexOf(bos);
    }

    public JsonObject tokenizer() {
        JsonObject t = new JsonObject();
        t.addProperty("version", "1.0");
        t.add("truncation", JsonNull.INSTANCE);
        t.add("padding", JsonNull.INSTANCE);
        JsonArray added = new JsonArray();
        for (int id = 0; id < words.size(); id++) {
            String w = words.get(id);
            if (isSpecial(w)) {
                JsonObject a = new JsonObject();
                a.addProperty("id", id);
                a.addProperty("content", w);
                a.addProperty("single_word", false);
                a.addProperty("lstrip", false);
                a.addProperty("rstrip", false);
                a.addProperty("normalized", false);
                a.addProperty("special", true);
                added.add(a);
            }
        }
        t.add("added_tokens", added);
        t.add("normalizer", JsonNull.INSTANCE);
        JsonObject pre = new JsonObject();
        pre.addProperty("type", "Split");
        JsonObject pattern = new JsonObject();
        pattern.addProperty("Regex", PIECES);
        pre.add("pattern", pattern);
        pre.addProperty("behavior", "Removed");
        pre.addProperty("invert", true);
        t.add("pre_tokenizer", pre);
        t.add("post_processor", bosTemplate());
        t.add("decoder", JsonNull.INSTANCE);
        JsonObject model = new JsonObject();
        model.addProperty("type", "WordLevel");
        JsonObject vocab = new JsonObject();
        for (int id = 0; id < words.size(); id++) {
            vocab.addProperty(words.get(id), id);
        }
        model.add("vocab", vocab);
        model.addProperty("unk_token", unk);
        t.add("model", model);
        return t;
    }

    private boolean isSpecial(String w) {
        return specials.contains(w);
    }

    private JsonObject bosTemplate() {
        JsonObject p = new JsonObject();
        p.addProperty("type", "TemplateProcessing");
        JsonArray single = new JsonArray();
        single.add(special(0));
        single.add(sequence("A", 0));
        p.add("single", single);
        JsonArray pair = new JsonArray();
        pair.add(special(0));
        pair.add(sequence("A", 0));
        pair.add(special(1));
        pair.add(sequence("B", 1));
        p.add("pair", pair);
        JsonObject bosToken = new JsonObject();
        bosToken.addProperty("id", bos);
        JsonArray ids = new JsonArray();
        ids.add(bosId());
        bosToken.add("ids", ids);
        bosToken.add("tokens", HfJson.strings(bos));
        JsonObject specialTokens = new JsonObject();
        specialTokens.add(bos, bosToken);
        p.add("special_tokens", specialTokens);
        return p;
    }

    private JsonObject special(int typeId) {
        JsonObject inner = new JsonObject();
        inner.addProperty("id", bos);
        inner.addProperty("type_id", typeId);
        JsonObject o = new JsonObject();
        o.add("SpecialToken", inner);
        return o;
    }

    private static JsonObject sequence(String id, int typeId) {
        JsonObject inner = new JsonObject();
        inner.addProperty("id", id);
        inner.addProperty("type_id", typeId);
        JsonObject o = new JsonObject();
        o.add("Sequence", inner);
        return o;
    }

    public JsonObject tokenizerConfig() {
        JsonObject c = new JsonObject();
        c.addProperty("add_bos_token", true);
        c.addProperty("add_eos_token", false);
        JsonObject decoder = new JsonObject();
        for (int id = 0; id < words.size(); id++) {
            String w = words.get(id);
            if (isSpecial(w)) {
                JsonObject a = new JsonObject();
                a.addProperty("content", w);
                a.addProperty("lstrip", false);
                a.addProperty("normalized", false);
                a.addProperty("rstrip", false);
                a.addProperty("single_word", false);
                a.addProperty("special", true);
                decoder.add(Integer.toString(id), a);
            }
        }
        c.add("added_tokens_decoder", decoder);
        c.addProperty("bos_token", bos);
        c.addProperty("clean_up_tokenization_spaces", false);
        c.addProperty("eos_token", eos);
        c.addProperty("model_max_length", maxPositions);
        c.addProperty("pad_token", words.contains(pad) ? pad : unk);
        c.addProperty("padding_side", "left");
        c.addProperty("tokenizer_class", "PreTrainedTokenizerFast");
        c.addProperty("unk_token", unk);
        return c;
    }
}
