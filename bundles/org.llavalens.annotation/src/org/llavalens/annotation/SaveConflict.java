package org.llavalens.annotation;

import java.util.List;

/**
 * Another process saved a project file while this one had changed the same things differently. The
 * file now holds this process's version of those things (and everything else merged); the other
 * version was kept whole beside it as {@code copy}, for a person to reconcile.
 *
 * @param file the project file, relative to the project folder
 * @param copy where the other process's version was kept, relative to the project folder
 * @param items what differed, one short phrase each (e.g. {@code Annotation d-3})
 */
public record SaveConflict(String file, String copy, List<String> items) {

    /** One line for a console or a status bar. */
    public String message() {
        int n = items.size();
        String shown = String.join(", ", items.subList(0, Math.min(3, n))) + (n > 3 ? " and " + (n - 3) + " more" : "");
        return file + ": " + n + (n == 1 ? " change" : " changes") + " saved by another process conflicted with this one's ("
                + shown + "); kept this version, the other is saved as " + copy;
    }
}
