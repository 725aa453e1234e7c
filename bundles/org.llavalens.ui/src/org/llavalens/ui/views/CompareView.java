package org.llavalens.ui.views;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.part.ViewPart;
import org.llavalens.analysis.explain.CompareTarget;
import org.llavalens.analysis.explain.Comparison;
import org.llavalens.annotation.model.Dataset;
import org.llavalens.attribution.render.Colormap;
import org.llavalens.ui.jobs.CompareJob;
import org.llavalens.ui.session.LensSession;
import org.llavalens.ui.session.Topic;
import org.llavalens.ui.widgets.HeadGrid;

/**
 * Vicuna text QA, LLaVA text QA and LLaVA visual QA head maps of the current case side by side,
 * the difference visual minus Vicuna, and how many of their top-10 heads they share. Each panel
 * explains its model's own answer, or all three explain one shared token (LLaVA's visual answer,
 * or the case's expected answer), so that their heads answer the same question.
 */
public final class CompareView extends ViewPart {

    public static final String ID = "org.llavalens.ui.views.compare";

    private LensSession session;
    private Label summary;
    private Combo target;
    private final List<HeadGrid> grids = new ArrayList<>();
    private final List<Label> titles = new ArrayList<>();

    @Override
    public void createPartControl(Composite parent) {
        session = Views.session(getSite());
        parent.setLayout(new GridLayout(1, false));
        Composite top = new Composite(parent, SWT.NONE);
        top.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        top.setLayout(new GridLayout(4, false));
        new Label(top, SWT.NONE).setText("Explain:");
        target = new Combo(top, SWT.READ_ONLY);
        for (CompareTarget t : CompareTarget.values()) {
            target.add(t.label());
        }
        target.select(0);
        Button run = new Button(top, SWT.PUSH);
        run.setText("&Compare this case");
        run.addListener(SWT.Selection, e -> runCompare());
        Button all = new Button(top, SWT.PUSH);
        all.setText("Compare the &dataset (mean)");
        all.addListener(SWT.Selection, e -> runDataset());
        summary = new Label(parent, SWT.WRAP);
        summary.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        Composite panels = new Composite(parent, SWT.NONE);
        panels.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        panels.setLayout(new GridLayout(2, true));
        String[] names = { "Vicuna, text QA", "LLaVA, text QA", "LLaVA, visual QA", "Visual QA \u2212 Vicuna text QA" };
        for (String n : names) {
            Composite cell = new Composite(panels, SWT.NONE);
            cell.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
            cell.setLayout(new GridLayout(1, false));
            Label t = new Label(cell, SWT.NONE);
            t.setText(n);
            t.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
            titles.add(t);
            HeadGrid g = new HeadGrid(cell, SWT.BORDER);
            g.setPalette(Colormap.DIVERGING::rgb);
            g.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
            grids.add(g);
        }
        Views.listen(session, summary, t -> {
            if (t == Topic.COMPARE || t == Topic.CASE) {
                refresh();
            }
        });
        refresh();
    }

    /** Starts the comparison of the current case (three forward passes, in a job). */
    public void runCompare() {
        if (session.currentCase() != null) {
            summary.setText("Comparing\u2026");
            new CompareJob(session, session.currentCase(), target()).schedule();
        } else {
            summary.setText("Pick a case in the Project navigator first.");
        }
    }

    /** The comparison averaged over the current case's dataset (three passes per case). */
    public void runDataset() {
        if (session.currentCase() != null && session.currentCase().eContainer() instanceof Dataset d) {
            summary.setText("Comparing " + d.getCases().size() + " cases\u2026");
            new CompareJob(session, d, target()).schedule();
        } else {
            summary.setText("Pick a case of the dataset in the Project navigator first.");
        }
    }

    /** The token the panels explain, as chosen in the view. */
    public CompareTarget target() {
        return CompareTarget.values()[Math.max(0, target.getSelectionIndex())];
    }

    public void setTarget(CompareTarget t) {
        target.select(t.ordinal());
    }

    private void refresh() {
        Comparison r = session.compare();
        if (r == null) {
            grids.forEach(g -> g.setScores(null));
            String error = session.compareError();
            summary.setText(error != null ? "The comparison failed: " + error
                    : session.currentCase() == null ? "No case." : "Press Compare to run the three passes.");
            summary.getParent().layout();
            return;
        }
        for (int i = 0; i < 3; i++) {
            Comparison.Panel p = r.panels().get(i);
            grids.get(i).setScores(p.headScores().raw());
            titles.get(i).setText(title(p));
        }
        grids.get(3).setScores(difference(r.panels().get(2).headScores().raw(), r.panels().get(0).headScores().raw()));
        summary.setText(r.name() + ", explaining " + r.target().label() + ". " + String.format(Locale.ROOT,
                "Top-10 heads shared: Vicuna text vs LLaVA visual %d of 10, Vicuna text vs LLaVA text %d of 10, "
                        + "LLaVA text vs LLaVA visual %d of 10.",
                r.overlapVicunaVisual(), r.overlapTextText(), r.overlapTextVisual()));
        summary.getParent().layout(true, true);
    }

    /** The panel's model, its own answer, and the token its heads explain with its standing there. */
    static String title(Comparison.Panel p) {
        // SentencePiece marks a word start with U+2581; the user reads the word
        String answer = p.answer().replace('\u2581', ' ').strip();
        String explained = p.explained().replace('\u2581', ' ').strip();
        if (p.explainedId() < 0) {
            return String.format(Locale.ROOT, "%s (%s)%nexplains %s: mean rank %.2f, mean p %.3f", p.name(), answer,
                    explained, p.explainedRank(), p.explainedProbability());
        }
        return String.format(Locale.ROOT, "%s: answers '%s'%nexplains '%s' (rank %d, p %.3f)", p.name(), answer,
                explained, Math.round(p.explainedRank()), p.explainedProbability());
    }

    public List<String> titles() {
        return titles.stream().map(Label::getText).toList();
    }

    /** Element-wise a - b: a display of two results, both computed by the attribution engine. */
    static double[][] difference(double[][] a, double[][] b) {
        if (a.length != b.length || a.length > 0 && a[0].length != b[0].length) {
            return null;
        }
        double[][] d = new double[a.length][];
        for (int l = 0; l < a.length; l++) {
            d[l] = new double[a[l].length];
            for (int h = 0; h < a[l].length; h++) {
                d[l][h] = a[l][h] - b[l][h];
            }
        }
        return d;
    }

    public List<HeadGrid> grids() {
        return grids;
    }

    public String summaryText() {
        return summary.getText();
    }

    @Override
    public void setFocus() {
        summary.setFocus();
    }
}
