package org.llavalens.ui.views.taxonomy;

import java.util.Comparator;
import java.util.List;

import org.eclipse.swt.widgets.Composite;
import org.llavalens.annotation.model.CauseLabel;
import org.llavalens.ui.widgets.SortableTable;

/** The taxonomy as a table: key, id, name, retired, description. */
public final class TaxonomyTable {

    private TaxonomyTable() {
    }

    public static SortableTable<CauseLabel> create(Composite parent) {
        return new SortableTable<>(parent, List.of(
                new SortableTable.Column<>("Key", l -> l.getShortcut() > 0 ? Integer.toString(l.getShortcut()) : "",
                        // labels without a key sort after 9
                        Comparator.comparingInt(l -> l.getShortcut() == 0 ? 10 : l.getShortcut()), 40),
                new SortableTable.Column<>("Id", CauseLabel::getId, Comparator.comparing(CauseLabel::getId), 140),
                new SortableTable.Column<>("Name", CauseLabel::getName, Comparator.comparing(l -> nonNull(l.getName())), 200),
                new SortableTable.Column<>("Retired", l -> l.isRetired() ? "retired" : "",
                        Comparator.comparing(CauseLabel::isRetired), 70),
                new SortableTable.Column<>("Description", l -> nonNull(l.getDescription()),
                        Comparator.comparing(l -> nonNull(l.getDescription())), 320)));
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
