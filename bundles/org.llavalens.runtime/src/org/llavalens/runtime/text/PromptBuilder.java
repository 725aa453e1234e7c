package org.llavalens.runtime.text;

/**
 * The prompts of the method (method.md §1), no system prompt:
 * LLaVA {@code USER: <image>\n{question}\nASSISTANT: {answer prefix}} and
 * Vicuna {@code USER: {context}\n{question}\nASSISTANT: {answer prefix}}.
 *
 * <p>The answer prefix is teacher-forced so the word to explain is the next token. With an empty prefix the
 * prompt ends at {@code ASSISTANT:} with no trailing space, as HF's llava prompts do: a trailing space would
 * become a lone "▁" token with LLaMA's tokenizer, while the model's own next token carries the space
 * ("▁The"). For the same reason the prefix is trimmed, and joined with exactly one space.
 */
public final class PromptBuilder {

    public static final String IMAGE_TOKEN = "<image>";

    private PromptBuilder() {
    }

    public static String llava(String question, String answerPrefix) {
        return "USER: " + IMAGE_TOKEN + "\n" + question.strip() + "\nASSISTANT:" + prefix(answerPrefix);
    }

    /** @param context the text the question is about (may be empty: then the question alone follows USER:) */
    public static String vicuna(String context, String question, String answerPrefix) {
        String c = context == null ? "" : context.strip();
        return "USER: " + (c.isEmpty() ? "" : c + "\n") + question.strip() + "\nASSISTANT:" + prefix(answerPrefix);
    }

    private static String prefix(String answerPrefix) {
        String p = answerPrefix == null ? "" : answerPrefix.strip();
        return p.isEmpty() ? "" : " " + p;
    }
}
