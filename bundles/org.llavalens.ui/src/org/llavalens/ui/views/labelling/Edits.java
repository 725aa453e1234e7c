package org.llavalens.ui.views.labelling;

/**
 * Runs a change of the case's labels or reviews; a refused change is reported to the annotator
 * (never thrown out of a listener) and the view shows the model's state again.
 */
@FunctionalInterface
public interface Edits {

    /** @return whether {@code edit} went through */
    boolean run(Runnable edit);
}
