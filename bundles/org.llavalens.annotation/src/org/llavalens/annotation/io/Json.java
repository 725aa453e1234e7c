package org.llavalens.annotation.io;

/** Gson's messages made into the one line the command line prints. */
public final class Json {

    private Json() {
    }

    /**
     * The innermost message, first line only: Gson appends a second line pointing at its
     * troubleshooting page, which says nothing about the user's file.
     */
    public static String oneLine(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        int nl = m.indexOf('\n');
        return (nl >= 0 ? m.substring(0, nl) : m).strip();
    }
}
