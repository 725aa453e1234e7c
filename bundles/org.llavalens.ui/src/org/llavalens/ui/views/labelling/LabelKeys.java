package org.llavalens.ui.views.labelling;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.contexts.IContextActivation;
import org.eclipse.ui.contexts.IContextService;

/**
 * The context that binds the label keys (1-9) while the labelling view is active. Typing digits in
 * one of its text fields must not relabel the case, so the context is off while such a field has
 * the focus.
 */
public final class LabelKeys {

    private final IContextService contexts;
    private final String contextId;
    private IContextActivation activation;

    public LabelKeys(IContextService contexts, String contextId) {
        this.contexts = contexts;
        this.contextId = contextId;
        activation = contexts.activateContext(contextId);
    }

    /** Turns the keys off while {@code field} has the focus; {@code onLeave} runs when it loses it. */
    public void offWhileTyping(Text field, Runnable onLeave) {
        field.addListener(SWT.FocusIn, e -> deactivate());
        field.addListener(SWT.FocusOut, e -> {
            if (activation == null) {
                activation = contexts.activateContext(contextId);
            }
            onLeave.run();
        });
    }

    private void deactivate() {
        if (activation != null) {
            contexts.deactivateContext(activation);
            activation = null;
        }
    }
}
