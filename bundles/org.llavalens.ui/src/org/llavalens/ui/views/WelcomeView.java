package org.llavalens.ui.views;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.part.ViewPart;

/** A first view, so the workbench shows something before a project is open. */
public final class WelcomeView extends ViewPart {

    public static final String ID = "org.llavalens.ui.views.welcome";

    private Label label;

    @Override
    public void createPartControl(Composite parent) {
        parent.setLayout(new FillLayout());
        label = new Label(parent, SWT.WRAP);
        label.setText("LLaVA Lens: open a project to inspect a case.");
    }

    @Override
    public void setFocus() {
        label.setFocus();
    }
}
