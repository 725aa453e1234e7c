package org.llavalens.ui.views;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.ui.contexts.IContextService;
import org.eclipse.ui.part.ViewPart;
import org.llavalens.attribution.HeadId;
import org.llavalens.attribution.HeadScores;
import org.llavalens.attribution.render.Colormap;
import org.llavalens.attribution.render.HeadGridRenderer;
import org.llavalens.attribution.render.HeatmapRenderer;
import org.llavalens.attribution.result.MethodResult;
import org.llavalens.ui.jobs.HeadMapJob;
import org.llavalens.ui.session.CaseResult;
import org.llavalens.ui.session.LensSession;
import org.llavalens.ui.session.Topic;
import org.llavalens.ui.widgets.HeadGrid;
import org.llavalens.ui.widgets.SortableTable;
import org.llavalens.ui.widgets.SortableTable.Column;

/**
 * The L x H head importance grid and the top-10 list. Clicking a head (in the grid or the list)
 * selects it: its position map goes to the canvas and its tokens to the token tables. Ctrl+click
 * adds heads to the session's selected set (the canvas can sum their maps); Esc clears it.
 */
public final class HeadGridView extends ViewPart {

    public static final String ID = "org.llavalens.ui.views.heads";

    /** A row of the top-10 list. */
    public record TopHead(int rank, HeadId head, double score, double percent) {
    }

    private LensSession session;
    private HeadGrid grid;
    private SortableTable<TopHead> top;
    private SelectionProvider selection;
    private CaseResult shown;

    @Override
    public void createPartControl(Composite parent) {
        session = Views.session(getSite());
        getSite().getService(IContextService.class).activateContext(CanvasView.CONTEXT);
        parent.setLayout(new FillLayout());
        SashForm sash = new SashForm(parent, SWT.VERTICAL);
        grid = new HeadGrid(sash, SWT.BORDER);
        grid.setPalette(Colormap.DIVERGING::rgb);
        top = new SortableTable<>(sash, List.of(
                new Column<TopHead>("#", t -> Integer.toString(t.rank()), Comparator.comparingInt(TopHead::rank), 36),
                new Column<TopHead>("Head (layer_head)", t -> t.head().toString(),
                        Comparator.comparing(TopHead::head), 110),
                new Column<TopHead>("Score S", t -> String.format(Locale.ROOT, "%+.5f", t.score()),
                        Comparator.comparingDouble(TopHead::score), 90),
                new Column<TopHead>("% of positive", t -> String.format(Locale.ROOT, "%.1f%%", t.percent()),
                        Comparator.comparingDouble(TopHead::percent), 90)));
        sash.setWeights(62, 38);
        selection = new SelectionProvider();
        getSite().setSelectionProvider(selection);
        grid.addSelectionSetListener(set -> {
            session.setSelectedHeads(set);
            if (set.isEmpty()) {
                session.selectHead(null, null);
                selection.setSelection(StructuredSelection.EMPTY);
            }
        });
        grid.addHeadSelectionListener((l, h) -> show(new HeadId(l, h)));
        top.viewer().addSelectionChangedListener(e -> {
            if (e.getStructuredSelection().getFirstElement() instanceof TopHead t && !t.head().equals(session.selectedHead())) {
                select(t.head());
            }
        });
        Views.listen(session, grid, this::changed);
        changed(Topic.RESULT);
    }

    private void changed(Topic topic) {
        if (topic == Topic.PROJECT) {
            // another project may have another model: its heads are not these
            session.setSelectedHeads(List.of());
        }
        if (topic == Topic.RESULT || topic == Topic.CASE || topic == Topic.PROJECT) {
            CaseResult r = session.result();
            if (r == shown && r != null) {
                return;
            }
            shown = r;
            MethodResult m = r == null ? null : r.headMethod().orElse(null);
            grid.setScores(m == null ? null : m.headScores().raw());
            top.setRows(m == null ? List.of() : topTen(m.heads().orElseThrow()));
            if (m != null) {
                grid.setSelectedHeads(session.selectedHeads(), session.selectedHead());
            }
        } else if (topic == Topic.HEAD) {
            grid.setSelectedHeads(session.selectedHeads(), session.selectedHead());
        }
    }

    static List<TopHead> topTen(HeadScores s) {
        List<TopHead> out = new ArrayList<>();
        int rank = 1;
        for (HeadId h : s.top(10)) {
            out.add(new TopHead(rank++, h, s.score(h), s.percent(h)));
        }
        return out;
    }

    /** Makes a head the only selected one, as a click in the grid does. */
    public void select(HeadId head) {
        if (session.result() == null) {
            return;
        }
        grid.select(head.layer(), head.head());
        session.setSelectedHeads(List.of(head));
        show(head);
    }

    /** The last clicked head: its map is taken from the result when kept there, else computed in a job. */
    private void show(HeadId head) {
        CaseResult r = session.result();
        if (r == null) {
            return;
        }
        // kept by the result, or computed since for another choice of heads
        double[] positions = session.knownPositions(r).get(head);
        session.selectHead(head, positions);
        selection.setSelection(new StructuredSelection(head));
        if (positions == null && session.currentCase() != null) {
            new HeadMapJob(session, session.currentCase(), head).schedule();
        }
    }

    public HeadGrid grid() {
        return grid;
    }

    public SortableTable<TopHead> topTable() {
        return top;
    }

    /** Writes the grid as PNG (the attribution bundle's rendering, as the CLI report draws it). */
    public void exportPng(Path file) throws java.io.IOException {
        CaseResult r = session.result();
        MethodResult m = r == null ? null : r.headMethod().orElse(null);
        if (m == null) {
            throw new IllegalStateException("there are no head scores to export: analyse a case first");
        }
        HeatmapRenderer.writePng(HeadGridRenderer.render(m.headScores().raw(), 16), file);
    }

    @Override
    public void setFocus() {
        grid.setFocus();
    }
}
