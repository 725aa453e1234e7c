package org.llavalens.ui.widgets;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.jface.viewers.Viewer;
import org.eclipse.jface.viewers.ViewerComparator;
import org.eclipse.swt.SWT;
import org.eclipse.swt.dnd.Clipboard;
import org.eclipse.swt.dnd.TextTransfer;
import org.eclipse.swt.dnd.Transfer;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;

/**
 * A table of records whose columns sort on click (again to reverse) and whose rows copy as
 * tab-separated text (Ctrl+C or the context menu; the whole table when nothing is selected).
 */
public final class SortableTable<T> {

    /** A column: its title, its text, how it sorts, its width in pixels. */
    public record Column<T>(String title, Function<T, String> text, Comparator<T> order, int width) {
    }

    private final TableViewer viewer;
    private final List<Column<T>> columns;
    private Column<T> sortColumn;
    private boolean descending;

    public SortableTable(Composite parent, List<Column<T>> columns) {
        this.columns = List.copyOf(columns);
        viewer = new TableViewer(parent, SWT.MULTI | SWT.FULL_SELECTION | SWT.BORDER | SWT.V_SCROLL | SWT.H_SCROLL);
        Table table = viewer.getTable();
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        viewer.setContentProvider(ArrayContentProvider.getInstance());
        for (Column<T> c : this.columns) {
            TableViewerColumn vc = new TableViewerColumn(viewer, SWT.NONE);
            vc.getColumn().setText(c.title());
            vc.getColumn().setWidth(c.width());
            vc.setLabelProvider(new ColumnLabelProvider() {
                @SuppressWarnings("unchecked")
                @Override
                public String getText(Object element) {
                    return c.text().apply((T) element);
                }
            });
            vc.getColumn().addListener(SWT.Selection, e -> sortBy(c, vc.getColumn()));
        }
        viewer.setComparator(new ViewerComparator() {
            @SuppressWarnings("unchecked")
            @Override
            public int compare(Viewer v, Object a, Object b) {
                if (sortColumn == null) {
                    return 0;
                }
                int r = sortColumn.order().compare((T) a, (T) b);
                return descending ? -r : r;
            }
        });
        table.addListener(SWT.KeyDown, e -> {
            if ((e.stateMask & SWT.MOD1) != 0 && (e.keyCode == 'c' || e.keyCode == 'C')) {
                copy();
            }
        });
        Menu menu = new Menu(table);
        MenuItem copy = new MenuItem(menu, SWT.PUSH);
        copy.setText("&Copy\tCtrl+C");
        copy.addListener(SWT.Selection, e -> copy());
        table.setMenu(menu);
    }

    private void sortBy(Column<T> c, TableColumn column) {
        descending = sortColumn == c && !descending;
        sortColumn = c;
        viewer.getTable().setSortColumn(column);
        viewer.getTable().setSortDirection(descending ? SWT.DOWN : SWT.UP);
        viewer.refresh();
    }

    public void setRows(List<T> rows) {
        viewer.setInput(new ArrayList<>(rows));
    }

    public TableViewer viewer() {
        return viewer;
    }

    @SuppressWarnings("unchecked")
    public List<T> shownRows() {
        List<T> out = new ArrayList<>();
        for (var item : viewer.getTable().getItems()) {
            out.add((T) item.getData());
        }
        return out;
    }

    /** The selected rows (all rows if none) as a header line and tab-separated lines. */
    @SuppressWarnings("unchecked")
    public String asText() {
        IStructuredSelection sel = viewer.getStructuredSelection();
        List<T> rows = sel.isEmpty() ? shownRows() : (List<T>) sel.toList();
        StringBuilder sb = new StringBuilder();
        sb.append(String.join("\t", columns.stream().map(Column::title).toList())).append('\n');
        for (T row : rows) {
            sb.append(String.join("\t", columns.stream().map(c -> c.text().apply(row)).toList())).append('\n');
        }
        return sb.toString();
    }

    public void copy() {
        Clipboard cb = new Clipboard(viewer.getTable().getDisplay());
        try {
            cb.setContents(new Object[] { asText() }, new Transfer[] { TextTransfer.getInstance() });
        } finally {
            cb.dispose();
        }
    }
}
