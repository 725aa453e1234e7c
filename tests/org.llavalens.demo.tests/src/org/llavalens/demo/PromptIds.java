package org.llavalens.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Token ids of a prompt straight from the vocabulary list (BOS, then one id per word, newline or
 * punctuation mark; {@code <image>} expanded to 576 positions): what the tokenizer must reproduce.
 */
final class PromptIds {

    private static final Pattern PIECE = Pattern.compile("<image>|\\n|[A-Za-z]+|[^\\sA-Za-z]");

    private PromptIds() {
    }

    static int[] of(String text, boolean expandImage) {
        List<Integer> out = new ArrayList<>();
        out.add(DemoVocabulary.bosId());
        Matcher m = PIECE.matcher(text);
        while (m.find()) {
            String t = m.group();
            if (t.equals(DemoVocabulary.IMAGE)) {
                int n = expandImage ? DemoArchitecture.PATCHES : 1;
                for (int i = 0; i < n; i++) {
                    out.add(DemoVocabulary.imageId());
                }
            } else {
                out.add(DemoVocabulary.id(t));
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    static String llavaPrompt(String question, String answerPrefix) {
        return "USER: <image>\n" + question + "\nASSISTANT: " + answerPrefix;
    }

    static String vicunaPrompt(String context, String question, String answerPrefix) {
        return "USER: " + context + "\n" + question + "\nASSISTANT: " + answerPrefix;
    }
}
