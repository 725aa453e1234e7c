package org.llavalens.ui.views.agreement;

import java.util.Comparator;
import java.util.Locale;
import java.util.function.Function;

import org.llavalens.ui.widgets.SortableTable;

/** The two kinds of column the agreement tables have: text, and numbers that may be undefined. */
public final class Columns {

    private Columns() {
    }

    /** A text column; a missing value reads (and sorts as) empty. */
    public static <T> SortableTable.Column<T> text(String title, Function<T, String> text, int width) {
        Function<T, String> safe = r -> text.apply(r) == null ? "" : text.apply(r);
        return new SortableTable.Column<>(title, safe, Comparator.comparing(safe), width);
    }

    /** A number column: NaN (an undefined kappa) reads "undefined" and sorts last. */
    public static <T> SortableTable.Column<T> number(String title, Function<T, Double> value, int width, String format) {
        return new SortableTable.Column<>(title, r -> format(value.apply(r), format),
                Comparator.comparing(r -> Double.isNaN(value.apply(r)) ? Double.POSITIVE_INFINITY : value.apply(r)),
                width);
    }

    public static String format(double v, String format) {
        return Double.isNaN(v) ? "undefined" : String.format(Locale.ROOT, format, v);
    }
}
