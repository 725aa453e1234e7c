package org.llavalens.ui.views;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.ITreeContentProvider;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.jface.viewers.TreeViewerColumn;
import org.eclipse.jface.viewers.Viewer;
import org.eclipse.jface.viewers.ViewerComparator;
import org.eclipse.jface.viewers.ViewerFilter;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.contexts.IContextService;
import org.eclipse.ui.part.ViewPart;
import org.llavalens.annotation.ProjectStatus;
import org.llavalens.annotation.model.Case;
import org.llavalens.annotation.model.Dataset;
import org.llavalens.annotation.model.Project;
import org.llavalens.annotation.model.ReviewState;
import org.llavalens.ui.jobs.AnalyzeCaseJob;
import org.llavalens.ui.jobs.CaseOpener;
import org.llavalens.ui.session.LensSession;
import org.llavalens.ui.session.Topic;

/**
 * Datasets and their cases with answer (✓ right, ✗ wrong, · unknown), label and review state;
 * a text filter, a state filter, sorting by column, and the counts of labelled and reviewed cases.
 * Selecting a case makes it current; double-click analyses it.
 */
public final class NavigatorView extends ViewPart {

    public static final String ID = "org.llavalens.ui.views.navigator";

    static final String[] SHOW = { "All cases", "Unlabelled", "Labelled", "Wrong answers", "Needs review",
            "Disagreements" };
    /** Followed by an annotator's name: one choice per sheet. */
    static final String LABELLED_BY = "Labelled by ";

    private LensSession session;
    private TreeViewer viewer;
    private Text filterText;
    private Combo show;
    private Label counts;
    private int sortColumn;
    private boolean descending;

    @Override
    public void createPartControl(Composite parent) {
        session = Views.session(getSite());
        getSite().getService(IContextService.class).activateContext(CanvasView.CONTEXT);
        parent.setLayout(new GridLayout(2, false));
        filterText = new Text(parent, SWT.SEARCH | SWT.ICON_SEARCH | SWT.ICON_CANCEL);
        filterText.setMessage("Filter by id or question");
        filterText.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        filterText.addListener(SWT.Modify, e -> viewer.refresh());
        show = new Combo(parent, SWT.READ_ONLY);
        show.setItems(SHOW);
        show.select(0);
        show.addListener(SWT.Selection, e -> viewer.refresh());
        viewer = new TreeViewer(parent, SWT.BORDER | SWT.SINGLE | SWT.FULL_SELECTION);
        viewer.getTree().setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1));
        viewer.getTree().setHeaderVisible(true);
        viewer.setContentProvider(new Content());
        column(0, "Case", 190, e -> e instanceof Dataset d ? d.getName() + " (" + d.getCases().size() + ")"
                : ((Case) e).getId());
        column(1, "Answer", 80, e -> e instanceof Case c ? status(c).marker() + " "
                + (status(c).answer() == null ? "" : status(c).answer().strip()) : "");
        column(2, "Label", 140, e -> e instanceof Case c && status(c).label() != null ? status(c).label() : "");
        column(3, "Review", 90, e -> e instanceof Case c ? status(c).review().getLiteral() : "");
        column(4, "Question", 260, e -> e instanceof Case c ? c.getQuestion() : "");
        viewer.setComparator(new ViewerComparator() {
            @Override
            public int compare(Viewer v, Object a, Object b) {
                if (!(a instanceof Case ca && b instanceof Case cb)) {
                    return 0;
                }
                int r = key(ca).compareTo(key(cb));
                return descending ? -r : r;
            }
        });
        viewer.addFilter(new ViewerFilter() {
            @Override
            public boolean select(Viewer v, Object parentElement, Object element) {
                return !(element instanceof Case c) || accept(c);
            }
        });
        counts = new Label(parent, SWT.NONE);
        counts.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        getSite().setSelectionProvider(viewer);
        viewer.addSelectionChangedListener(e -> {
            if (e.getStructuredSelection().getFirstElement() instanceof Case c && c != session.currentCase()) {
                CaseOpener.open(session, c);
            }
        });
        viewer.addDoubleClickListener(e -> {
            if (e.getSelection() instanceof StructuredSelection s && s.getFirstElement() instanceof Case c) {
                new AnalyzeCaseJob(session, c).schedule();
            }
        });
        Views.listen(session, viewer.getControl(), this::changed);
        changed(Topic.PROJECT);
    }

    private void column(int index, String title, int width, java.util.function.Function<Object, String> text) {
        TreeViewerColumn c = new TreeViewerColumn(viewer, SWT.NONE);
        c.getColumn().setText(title);
        c.getColumn().setWidth(width);
        c.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                return text.apply(element);
            }
        });
        c.getColumn().addListener(SWT.Selection, e -> {
            descending = sortColumn == index && !descending;
            sortColumn = index;
            viewer.getTree().setSortColumn(c.getColumn());
            viewer.getTree().setSortDirection(descending ? SWT.DOWN : SWT.UP);
            viewer.refresh();
        });
    }

    private CaseStatus status(Case c) {
        return CaseStatus.of(session, c);
    }

    private String key(Case c) {
        CaseStatus s = status(c);
        return switch (sortColumn) {
            case 1 -> s.marker() + (s.answer() == null ? "" : s.answer());
            case 2 -> s.label() == null ? "\uFFFF" : s.label();
            case 3 -> Integer.toString(s.review().getValue());
            case 4 -> c.getQuestion() == null ? "" : c.getQuestion();
            default -> c.getId();
        };
    }

    private boolean accept(Case c) {
        String f = filterText.getText().strip().toLowerCase(Locale.ROOT);
        if (!f.isEmpty() && !c.getId().toLowerCase(Locale.ROOT).contains(f)
                && (c.getQuestion() == null || !c.getQuestion().toLowerCase(Locale.ROOT).contains(f))) {
            return false;
        }
        CaseStatus s = status(c);
        return switch (show.getSelectionIndex()) {
            case 1 -> s.label() == null;
            case 2 -> s.label() != null;
            case 3 -> Boolean.FALSE.equals(s.correct());
            case 4 -> s.review() == ReviewState.NEEDS_REVIEW;
            case 5 -> s.disagreement();
            default -> !show.getText().startsWith(LABELLED_BY)
                    || s.annotators().contains(show.getText().substring(LABELLED_BY.length()));
        };
    }

    private void changed(Topic topic) {
        switch (topic) {
            case PROJECT -> {
                updateChoices();
                viewer.setInput(session.project() == null ? null : session.project().model());
                viewer.expandAll();
                updateCounts();
            }
            case LABELS, RESULT -> {
                updateChoices();
                viewer.refresh();
                updateCounts();
            }
            case CASE -> {
                Case c = session.currentCase();
                if (c != null && !viewer.getStructuredSelection().toList().contains(c)) {
                    viewer.setSelection(new StructuredSelection(c), true);
                }
            }
            default -> {
            }
        }
    }

    /** The fixed filters, then "Labelled by" each annotator who has a sheet; the choice made is kept. */
    private void updateChoices() {
        List<String> items = new ArrayList<>(List.of(SHOW));
        if (session.project() != null) {
            session.project().sheets().stream().map(org.llavalens.annotation.model.Sheet::getPerson).sorted()
                    .forEach(p -> items.add(LABELLED_BY + p));
        }
        if (!items.equals(List.of(show.getItems()))) {
            String chosen = show.getText();
            show.setItems(items.toArray(String[]::new));
            int i = items.indexOf(chosen);
            show.select(i < 0 ? 0 : i);
            show.getParent().layout();
        }
    }

    private void updateCounts() {
        if (session.project() == null) {
            counts.setText("No project: File > Open Project or Open Demo Project.");
            return;
        }
        ProjectStatus s = ProjectStatus.of(session.project());
        int reviewed = s.byState().getOrDefault(ReviewState.ACCEPTED, 0) + s.byState().getOrDefault(ReviewState.REJECTED, 0);
        counts.setText(String.format(Locale.ROOT, "%d cases \u00B7 %d labelled \u00B7 %d reviewed \u00B7 %d need review",
                s.cases(), s.labelled(), reviewed, s.byState().getOrDefault(ReviewState.NEEDS_REVIEW, 0)));
    }

    public TreeViewer viewer() {
        return viewer;
    }

    /** The "Show" filter: all, unlabelled, ..., disagreements, labelled by an annotator. */
    public Combo showChoice() {
        return show;
    }

    public String countsText() {
        return counts.getText();
    }

    @Override
    public void setFocus() {
        viewer.getControl().setFocus();
    }

    private static final class Content implements ITreeContentProvider {

        @Override
        public Object[] getElements(Object input) {
            return input instanceof Project p ? p.getDatasets().toArray() : new Object[0];
        }

        @Override
        public Object[] getChildren(Object parent) {
            return parent instanceof Dataset d ? new ArrayList<>(d.getCases()).toArray() : new Object[0];
        }

        @Override
        public Object getParent(Object element) {
            return element instanceof Case c ? c.eContainer() : null;
        }

        @Override
        public boolean hasChildren(Object element) {
            return element instanceof Dataset d && !d.getCases().isEmpty();
        }
    }

    static List<String> showChoices() {
        return List.of(SHOW);
    }
}
