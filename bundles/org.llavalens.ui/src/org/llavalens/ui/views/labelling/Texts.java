package org.llavalens.ui.views.labelling;

/** How the labelling fields read: an empty field is no value. */
final class Texts {

    private Texts() {
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
