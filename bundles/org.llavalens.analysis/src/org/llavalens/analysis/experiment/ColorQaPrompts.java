package org.llavalens.analysis.experiment;

import java.util.Locale;

/**
 * The prompts of the paper's §3 (method.md §5). The literal form is the paper's: plain sentences, no chat
 * template. The chat form wraps the same case in llava-1.5's {@code USER: ... ASSISTANT:} template with
 * a teacher-forced answer prefix, for users who want the model's usual input. Templates are recorded
 * with the results, so every figure says which form produced it.
 *
 * <p>Slots: {@code [A]} the animal of the context sentence, {@code [C]} the color, {@code [Q]} the animal
 * the question asks about. S0 fills both animal slots with [A]; S1 puts [A1] in the context; S2 puts [A1]
 * in the question. Visual QA has no context: the image stands in its place.
 */
public final class ColorQaPrompts {

    /** Which of the two prompt forms a run used. */
    public enum Form {
        /** The paper's literal sentences (the default). */
        LITERAL("[A] is [C]. Q: What is the color of [Q]? A:", "<image>\nQ: What is the color of [Q]? A:"),
        /** llava-1.5's chat template with the answer prefix teacher-forced. */
        CHAT("USER: The [A] is [C].\nWhat is the color of the [Q]?\nASSISTANT: The color of the [Q] is",
                "USER: <image>\nWhat is the color of the [Q]?\nASSISTANT: The color of the [Q] is");

        private final String textTemplate;
        private final String imageTemplate;

        Form(String textTemplate, String imageTemplate) {
            this.textTemplate = textTemplate;
            this.imageTemplate = imageTemplate;
        }

        public String textTemplate() {
            return textTemplate;
        }

        public String imageTemplate() {
            return imageTemplate;
        }

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Form parse(String s) {
            for (Form f : values()) {
                if (f.id().equals(s.strip().toLowerCase(Locale.ROOT))) {
                    return f;
                }
            }
            throw new IllegalArgumentException("prompt form '" + s + "' is neither literal nor chat");
        }
    }

    /** The settings a case is prompted in. */
    public enum Setting {
        /** Text QA, context and question about [A]. */
        S0,
        /** Text QA, the context names [A1]; the question asks about [A]. */
        S1,
        /** Text QA, the context names [A]; the question asks about [A1]. */
        S2,
        /** Visual QA about [A]. */
        VQA,
        /** Visual QA with the question's animal swapped for [A1]. */
        VQA_SWAP;

        public boolean visual() {
            return this == VQA || this == VQA_SWAP;
        }
    }

    /** One filled prompt: which setting, the template it came from and the exact text. */
    public record Prompt(Setting setting, String template, String text) {
    }

    private ColorQaPrompts() {
    }

    public static Prompt of(ColorQaCase c, Setting setting, Form form) {
        String template = setting.visual() ? form.imageTemplate() : form.textTemplate();
        String contextAnimal = setting == Setting.S1 ? c.otherAnimal() : c.animal();
        String askedAnimal = setting == Setting.S2 || setting == Setting.VQA_SWAP ? c.otherAnimal() : c.animal();
        String text = template.replace("[A]", contextAnimal).replace("[C]", c.color()).replace("[Q]", askedAnimal);
        return new Prompt(setting, template, text);
    }
}
