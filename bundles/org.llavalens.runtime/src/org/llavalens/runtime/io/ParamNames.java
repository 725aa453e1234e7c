package org.llavalens.runtime.io;

import java.util.Collection;

/**
 * The two parameter naming schemes of LLaVA checkpoints. Canonical names are the legacy llava-hf ones
 * ({@code language_model.model.*}, {@code language_model.lm_head.*}, {@code vision_tower.*},
 * {@code multi_modal_projector.*}); transformers >= 4.52 uses {@code model.language_model.*}, {@code lm_head.*},
 * {@code model.vision_tower.*}, {@code model.multi_modal_projector.*}. Plain LLaMA checkpoints ({@code model.*},
 * {@code lm_head.*}) are the same in both.
 */
public final class ParamNames {

    private static final String[][] NEW_TO_LEGACY = {
        {"model.language_model.", "language_model.model."},
        {"lm_head.", "language_model.lm_head."},
        {"model.vision_tower.", "vision_tower."},
        {"model.multi_modal_projector.", "multi_modal_projector."},
    };

    private ParamNames() {
    }

    /** Whether the names are those of a LLaVA checkpoint (in either scheme) rather than a plain LLaMA one. */
    public static boolean isLlava(Collection<String> names) {
        for (String n : names) {
            if (n.startsWith("vision_tower.") || n.startsWith("model.vision_tower.")
                    || n.startsWith("language_model.") || n.startsWith("model.language_model.")
                    || n.startsWith("multi_modal_projector.") || n.startsWith("model.multi_modal_projector.")) {
                return true;
            }
        }
        return false;
    }

    /** The canonical (legacy) name of a stored name; LLaMA names are returned unchanged. */
    public static String toLegacy(String name, boolean llava) {
        if (!llava) {
            return name;
        }
        for (String[] m : NEW_TO_LEGACY) {
            if (name.startsWith(m[0])) {
                return m[1] + name.substring(m[0].length());
            }
        }
        return name;
    }

    /** The transformers >= 4.52 name of a canonical name; LLaMA names are returned unchanged. */
    public static String toTransformers452(String name, boolean llava) {
        if (!llava) {
            return name;
        }
        for (String[] m : NEW_TO_LEGACY) {
            if (name.startsWith(m[1])) {
                return m[0] + name.substring(m[1].length());
            }
        }
        return name;
    }
}
