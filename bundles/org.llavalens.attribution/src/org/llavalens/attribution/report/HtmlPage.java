package org.llavalens.attribution.report;

/**
 * What every self-contained HTML report of LLaVA Lens shares (a case's report.html, the color
 * experiment's): the page's head with its inline style, escaping, and the end of the page. No
 * external files, no scripts.
 */
public final class HtmlPage {

    private HtmlPage() {
    }

    /** A new page: doctype, title and {@code css} inline, the body opened. */
    public static StringBuilder start(String title, String css) {
        return new StringBuilder().append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(esc(title)).append("</title>\n<style>").append(css).append("</style></head><body>\n");
    }

    /** Closes the body and the page. */
    public static String end(StringBuilder page) {
        return page.append("</body></html>\n").toString();
    }

    /** {@code s} as HTML text or attribute value; null as nothing. */
    public static String esc(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
