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
import org.llavalens.runtime.image.CropGeometry;
import org.llavalens.ui.prefs.LensPreferences;
import org.llavalens.ui.session.CaseResult;
import org.llavalens.ui.session.LensSession;
import org.llavalens.ui.session.Topic;
import org.llavalens.ui.views.canvas.CanvasLayers;
import org.llavalens.ui.views.canvas.LayerPanel;
import org.llavalens.ui.views.canvas.LayerSource;
import org.llavalens.ui.views.canvas.PatchDescriber;
import org.llavalens.ui.widgets.CanvasScene;
import org.llavalens.ui.widgets.HeatmapCanvas;

/** The image canvas of the current case with its heatmap layers; patch clicks become label evidence. */
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
                sources = CanvasLayers.sources(shown, session.selectedHead(), session.headPositions());
                panel.setSources(sources);
                if (session.headPositions() != null) {
                    panel.show(CanvasLayers.HEAD_LAYER);
                }
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
        sources = CanvasLayers.sources(r, session.selectedHead(), session.headPositions());
        panel.setSources(sources);
        canvas.setPatchDescriber(new PatchDescriber(r, sources)::describe);
        redrawLayers();
        status.setText("Target " + r.main().target().text() + "  \u2014  hover a patch for its scores; click or drag to "
                + "select evidence; wheel zooms, right-drag pans.");
    }

    static CanvasScene scene(CaseResult r) {
        ImageData image = new ImageData(r.image().toString());
        CropGeometry g = r.main().provenance().crop();
        Rectangle crop = g == null ? new Rectangle(0, 0, image.width, image.height) : cropInOriginal(g);
        return new CanvasScene(image, crop, CanvasLayers.gridSide(r));
    }

    /** The crop in original-image pixels; with pad-to-square it reaches past the image. */
    static Rectangle cropInOriginal(CropGeometry g) {
        double[] a = g.toOriginal(0, 0);
        double[] b = g.toOriginal(g.cropWidth(), g.cropHeight());
        int x = (int) Math.round(a[0]);
        int y = (int) Math.round(a[1]);
        return new Rectangle(x, y, (int) Math.round(b[0]) - x, (int) Math.round(b[1]) - y);
    }

    private void redrawLayers() {
        if (shown == null) {
            return;
        }
        int size = shown.main().provenance().crop() == null ? canvas.scene().crop().width
                : shown.main().provenance().crop().cropWidth();
        canvas.setLayers(renderer.layers(sources, panel.styles(), CanvasLayers.gridSide(shown), size,
                LensPreferences.get(LensPreferences.NORMALIZATION)));
    }

    public HeatmapCanvas canvas() {
        return canvas;
    }

    public LayerPanel layerPanel() {
        return panel;
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
