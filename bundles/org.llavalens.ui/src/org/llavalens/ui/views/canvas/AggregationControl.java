package org.llavalens.ui.views.canvas;

import java.util.function.Consumer;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Spinner;
import org.llavalens.attribution.HeadAggregation;
import org.llavalens.ui.session.HeadChoice;

/**
 * Which heads the log-increase map sums: Top-1 | Top-k (with k) | Selected heads (those picked in
 * the head grid). Tells its listener every change the user makes; {@link #setChoice} does not.
 */
public final class AggregationControl extends Composite {

    private final Button top1;
    private final Button topK;
    private final Spinner k;
    private final Button selected;
    private final Label legend;
    private Consumer<HeadChoice> onChange = c -> { };
    private boolean updating;

    public AggregationControl(Composite parent) {
        super(parent, SWT.NONE);
        // one choice a row: the layer panel is a narrow side bar
        GridLayout layout = new GridLayout(2, false);
        layout.marginWidth = 0;
        setLayout(layout);
        Label title = new Label(this, SWT.NONE);
        title.setText("Log-increase map sums:");
        title.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        top1 = radio("Top-&1");
        top1.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        topK = radio("Top-&k");
        k = new Spinner(this, SWT.BORDER);
        k.setMinimum(1);
        k.setMaximum(1024);
        k.setSelection(3);
        k.addListener(SWT.Selection, e -> {
            if (!updating && topK.getSelection()) {
                onChange.accept(choice());
            }
        });
        selected = radio("&Selected heads");
        selected.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        selected.setToolTipText("The heads selected in the Head grid: Ctrl+click adds or removes one, Esc clears");
        top1.setSelection(true);
        legend = new Label(this, SWT.WRAP);
        GridData wrap = new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1);
        // a small hint lets the label take the column's width and wrap, instead of widening it
        wrap.widthHint = 40;
        legend.setLayoutData(wrap);
    }

    /** Says which heads the layer shown sums now (e.g. while a new choice is being computed). */
    public void setLegend(String text) {
        legend.setText(text == null ? "" : text);
        legend.setToolTipText(text);
        getParent().layout(true, true);
    }

    public String legend() {
        return legend.getText();
    }

    private Button radio(String text) {
        Button b = new Button(this, SWT.RADIO);
        b.setText(text);
        b.addListener(SWT.Selection, e -> {
            // a radio group reports the button turned off too: act once, for the one turned on
            if (!updating && b.getSelection()) {
                onChange.accept(choice());
            }
        });
        return b;
    }

    public void onChange(Consumer<HeadChoice> listener) {
        onChange = listener;
    }

    public HeadChoice choice() {
        if (topK.getSelection()) {
            return HeadChoice.topK(k.getSelection());
        }
        return selected.getSelection() ? HeadChoice.SELECTED : HeadChoice.TOP1;
    }

    /** Shows a choice without telling the listener (e.g. the one an analysis ran with). */
    public void setChoice(HeadChoice c) {
        updating = true;
        try {
            top1.setSelection(c.kind() == HeadAggregation.Kind.TOP1);
            topK.setSelection(c.kind() == HeadAggregation.Kind.TOP_K);
            selected.setSelection(c.kind() == HeadAggregation.Kind.SELECTED);
            if (c.kind() == HeadAggregation.Kind.TOP_K) {
                k.setSelection(c.k());
            }
        } finally {
            updating = false;
        }
    }

    /** Sets the choice as the user would, telling the listener (for keyboard users and tests). */
    public void choose(HeadChoice c) {
        setChoice(c);
        onChange.accept(choice());
    }

    /** The most k can be: the number of heads of the model. */
    public void setMaxK(int heads) {
        k.setMaximum(Math.max(1, heads));
    }
}
