package org.llavalens.ui.views;

import java.nio.file.Path;
import java.util.List;

import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.contexts.IContextService;
import org.eclipse.ui.part.ViewPart;
import org.llavalens.analysis.explain.HeadMap;
import org.llavalens.attribution.HeadAggregation;
import org.llavalens.attribution.method.MethodIds;
import org.llavalens.attribution.render.Interpolation;
import org.llavalens.attribution.result.CropBox;
import org.llavalens.attribution.result.MethodResult;
import org.llavalens.ui.jobs.AggregatedMapJob;
import org.llavalens.ui.prefs.LensPreferences;
import org.llavalens.ui.session.CaseResult;
import org.llavalens.ui.session.HeadChoice;
import org.llavalens.ui.session.LensSession;
import org.llavalens.ui.session.Topic;
import org.llavalens.ui.views.canvas.CanvasLayers;
import org.llavalens.ui.views.canvas.LayerPanel;
import org.llavalens.ui.views.canvas.LayerSource;
import org.llavalens.ui.views.canvas.PatchDescriber;
import org.llavalens.ui.widgets.CanvasScene;
import org.llavalens.ui.widgets.HeatmapCanvas;

/**
 * The image canvas of the current case with its heatmap layers; patch clicks become label evidence.
 * The layer panel's head choice (top-1, top-k, selected heads) recomputes the log-increase layer in
 * a job whenever it differs from the one the analysis ran with.
 */
public final class CanvasView extends ViewPart {

    public static final String ID = "org.llavalens.ui.views.canvas";
    public static final String CONTEXT = "org.llavalens.ui.contexts.inspecting";

    private final CanvasLayers renderer = new CanvasLayers();
    private LensSession session;
    private HeatmapCanvas canvas;
    private LayerPanel panel;
    private Label status;
    private CaseResult shown;
    private List<LayerSource> sources = List.of();
    private HeadMap sourcedMap;
    private LayerSource mapSource;
    private AggregatedMapJob mapJob;

    @Override
    public void createPartControl(Composite parent) {
        session = Views.session(getSite());
        getSite().getService(IContextService.class).activateContext(CONTEXT);
        parent.setLayout(new GridLayout(1, false));
        SashForm sash = new SashForm(parent, SWT.HORIZONTAL);
        sash.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        canvas = new HeatmapCanvas(sash, SWT.BORDER);
        panel = new LayerPanel(sash);
        sash.setWeights(70, 30);
        status = new Label(parent, SWT.NONE);
        status.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        panel.onChange(s -> redrawLayers());
        panel.onGrid(canvas::setGridVisible);
        panel.aggregation().onChange(session::setHeadChoice);
        canvas.addPatchSelectionListener(session::selectPatches);
        canvas.addPatchHoverListener(p -> status.setText(p < 0 ? "" : hoverLine(p)));
        Views.listen(session, canvas, this::changed);
        changed(Topic.RESULT);
    }

    private String hoverLine(int p) {
        String text = canvas.getToolTipText();
        return text == null ? "" : text.replace('\n', ' ');
    }

    private void changed(Topic topic) {
        switch (topic) {
            case CASE, RESULT, PROJECT -> showResult();
            case HEAD -> {
                updateAggregation();
                refreshSources();
                if (session.headPositions() != null) {
                    panel.show(CanvasLayers.HEAD_LAYER);
                }
                redrawLayers();
            }
            case AGGREGATION -> {
                updateAggregation();
                refreshSources();
                redrawLayers();
            }
            case PATCHES -> {
                if (!canvas.selectedPatches().equals(session.selectedPatches())) {
                    canvas.setSelectedPatches(session.selectedPatches());
                }
            }
            default -> {
            }
        }
    }

    private void showResult() {
        CaseResult r = session.result();
        if (r == shown && r != null) {
            return;
        }
        boolean sameCase = r != null && shown != null && r.caseId().equals(shown.caseId());
        shown = r;
        if (r == null) {
            canvas.setScene(null);
            canvas.setLayers(List.of());
            panel.setSources(List.of());
            String hint = session.currentCase() == null ? "No case open: pick one in the Project navigator."
                    : session.currentCase().getResults().isEmpty() ? "Not analysed yet: Case > Run Analysis (Ctrl+R)."
                    : "Reading the saved result\u2026";
            canvas.setMessage(hint);
            status.setText(session.currentCase() == null ? "" : hint);
            return;
        }
        if (!sameCase || canvas.scene() == null) {
            try {
                canvas.setScene(scene(r));
            } catch (RuntimeException e) {
                canvas.setScene(null);
                MessageDialog.openError(getSite().getShell(), "Cannot show the image",
                        "The image of case " + r.caseId() + " (" + r.image() + ") cannot be read: " + e.getMessage());
                return;
            }
        }
        status.setText("Target " + r.main().target().text() + "  \u2014  hover a patch for its scores; click or drag to "
                + "select evidence; wheel zooms, right-drag pans.");
        // after the general hint: a map being computed, or a choice waiting for heads, says so
        updateAggregation();
        refreshSources();
        redrawLayers();
    }

    private void refreshSources() {
        sources = CanvasLayers.sources(shown, session.selectedHead(), session.headPositions(), recomputedMap());
        panel.setSources(sources);
        panel.aggregation().setLegend(sources.stream().filter(x -> x.id().equals(MethodIds.LOG_PROB_INCREASE))
                .map(x -> "Shown: " + x.label()).findFirst().orElse(null));
        canvas.setPatchDescriber(new PatchDescriber(shown, sources)::describe);
    }

    /** The log-increase layer of the chosen heads when it differs from the analysis's and has arrived. */
    private LayerSource recomputedMap() {
        HeadMap m = session.aggregatedMap();
        HeadAggregation wanted = session.wantedAggregation().orElse(null);
        if (m == null || !m.aggregation().equals(wanted)) {
            return null;
        }
        if (m != sourcedMap) {
            // one array per map, so the layer cache keeps its picture across redraws
            sourcedMap = m;
            mapSource = new LayerSource(MethodIds.LOG_PROB_INCREASE, m.label(), m.image().orElseThrow().raw(), false);
        }
        return mapSource;
    }

    /**
     * Shows the head choice (the session's, else the analysis's) and starts the job for a map that
     * is neither the analysis's own nor computed yet.
     */
    private void updateAggregation() {
        CaseResult r = shown;
        MethodResult m = r == null ? null : r.method(MethodIds.LOG_PROB_INCREASE).filter(x -> !x.failed()).orElse(null);
        String analysed = m == null || m.settings() == null ? null : m.settings().get(MethodIds.HEADS);
        if (m != null && m.headScores() != null) {
            panel.aggregation().setMaxK(m.headScores().numLayers() * m.headScores().numHeads());
        }
        HeadChoice choice = session.headChoice();
        if (choice == null) {
            if (analysed != null) {
                try {
                    panel.aggregation().setChoice(HeadChoice.of(HeadAggregation.parse(analysed)));
                } catch (IllegalArgumentException e) {
                    // a setting this version does not know: the control keeps its state
                }
            }
            return;
        }
        panel.aggregation().setChoice(choice);
        HeadAggregation wanted = session.wantedAggregation().orElse(null);
        if (r == null || m == null || session.currentCase() == null) {
            return;
        }
        if (wanted == null) {
            cancelMapJob();
            status.setText("Selected heads: none selected yet — Ctrl+click heads in the Head grid.");
            return;
        }
        HeadMap have = session.aggregatedMap();
        if (wanted.toString().equals(analysed)) {
            cancelMapJob();
            return;
        }
        if (have != null && have.aggregation().equals(wanted)) {
            cancelMapJob();
            status.setText("Log-increase layer: " + have.label());
            return;
        }
        if (mapJob != null && mapJob.covers(session.currentCase(), wanted)) {
            return;
        }
        cancelMapJob();
        status.setText("Computing the map of " + wanted + "…");
        mapJob = new AggregatedMapJob(session, session.currentCase(), wanted);
        mapJob.schedule();
    }

    private void cancelMapJob() {
        if (mapJob != null) {
            mapJob.cancel();
            mapJob = null;
        }
    }

    static CanvasScene scene(CaseResult r) {
        ImageData image = new ImageData(r.image().toString());
        CropBox g = r.main().provenance().cropBox();
        Rectangle crop = g == null ? new Rectangle(0, 0, image.width, image.height)
                : new Rectangle(g.x(), g.y(), g.width(), g.height());
        return new CanvasScene(image, crop, CanvasLayers.gridSide(r));
    }

    private void redrawLayers() {
        if (shown == null) {
            return;
        }
        CropBox box = shown.main().provenance().cropBox();
        int size = box == null ? canvas.scene().crop().width : box.cropSide();
        canvas.setLayers(renderer.layers(sources, panel.styles(), CanvasLayers.gridSide(shown), size,
                LensPreferences.get(LensPreferences.NORMALIZATION),
                Interpolation.parse(LensPreferences.get(LensPreferences.INTERPOLATION))));
    }

    public HeatmapCanvas canvas() {
        return canvas;
    }

    public LayerPanel layerPanel() {
        return panel;
    }

    /** The line under the canvas (hints, the heads a map sums, a map being computed). */
    public String statusText() {
        return status.getText();
    }

    /** Writes the crop with its visible layers as PNG. */
    public void exportPng(Path file) {
        org.eclipse.swt.graphics.ImageLoader loader = new org.eclipse.swt.graphics.ImageLoader();
        loader.data = new ImageData[] { canvas.renderCrop() };
        loader.save(file.toString(), SWT.IMAGE_PNG);
    }

    @Override
    public void setFocus() {
        canvas.setFocus();
    }
}
