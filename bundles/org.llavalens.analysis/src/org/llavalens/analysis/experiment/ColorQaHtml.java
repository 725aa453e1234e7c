package org.llavalens.analysis.experiment;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.llavalens.analysis.experiment.ColorQaFigures.Figure;
import org.llavalens.attribution.HeadId;
import org.llavalens.attribution.report.HtmlPage;

/** The color experiment's report.html: ours beside the paper's for every figure, head maps embedded. */
final class ColorQaHtml {

    private ColorQaHtml() {
    }

    static String render(ColorQaResult r, String title, List<Figure> figures, Map<String, String> images) {
        ColorQaExperiment.Options o = r.options();
        List<String> settings = List.copyOf(r.settings());
        StringBuilder b = HtmlPage.start(title, "body{font-family:sans-serif;margin:2em;max-width:80em}"
                + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #bbb;padding:3px 8px;"
                + "text-align:left}td.n{text-align:right;font-family:monospace}figure{display:inline-block;"
                + "margin:0 1em 1em 0}.note{color:#555}pre{background:#f4f4f4;padding:4px}");
        b.append("<h1>").append(esc(title)).append("</h1>\n");
        b.append(String.format(Locale.ROOT, "<p>%d cases measured, %d failed; %.2f s per case on average. "
                + "Every score explains the colour token [C].</p>\n", r.cases().size(), r.failures().size(),
                r.meanSecondsPerCase()));
        b.append("<h2>Settings of this run</h2><ul>");
        b.append("<li>prompt form: ").append(o.form().id()).append("; templates ([A] context animal, [C] colour, "
                + "[Q] asked animal; S1 puts [A1] in the context, S2 and the swap put it in the question):<pre>")
                .append(esc(o.form().textTemplate())).append("</pre><pre>").append(esc(o.form().imageTemplate()))
                .append("</pre></li>");
        b.append("<li>most important heads: ").append(esc(o.heads().description())).append(", k = ")
                .append(o.topHeads()).append("; top positions: ").append(o.topPositions()).append("</li>");
        b.append("<li>random words and positions seed: ").append(o.seed()).append("</li>");
        b.append("<li>").append(esc(ColorQaResult.NORMALISATION)).append("</li></ul>\n");
        if (!r.failures().isEmpty()) {
            b.append("<h2>Failed cases</h2><ul>");
            r.failures().forEach(f -> b.append("<li>").append(esc(f)).append("</li>"));
            b.append("</ul>\n");
        }
        b.append("<h2>Ours beside the paper's</h2>\n<table><tr><th>quantity</th><th>ours</th><th>paper</th>"
                + "<th>cases</th><th>meaning</th></tr>\n");
        for (Figure f : figures) {
            b.append("<tr><td>").append(esc(f.name())).append("</td><td class=\"n\">").append(fmt(f.ours()))
                    .append("</td><td class=\"n\">").append(fmt(f.paper())).append("</td><td class=\"n\">")
                    .append(f.cases()).append("</td><td>").append(esc(f.meaning())).append("</td></tr>\n");
        }
        b.append("</table>\n<h2>Head importance (§3.4)</h2>\n");
        for (String s : settings) {
            b.append("<figure><img alt=\"").append(esc(s)).append("\" src=\"").append(images.get(s))
                    .append("\"><figcaption>").append(esc(ColorQaReport.SETTING_NAMES.getOrDefault(s, s)))
                    .append(" (layers down, heads across)</figcaption></figure>\n");
        }
        b.append("<table><tr><th>rank</th>");
        settings.forEach(s -> b.append("<th>").append(esc(ColorQaReport.SETTING_NAMES.getOrDefault(s, s))).append("</th>"));
        b.append("</tr>\n");
        for (int i = 0; i < r.topHeadCount(); i++) {
            b.append("<tr><td class=\"n\">").append(i + 1).append("</td>");
            for (String s : settings) {
                List<HeadId> top = r.top(s);
                if (i < top.size()) {
                    HeadId h = top.get(i);
                    b.append(String.format(Locale.ROOT, "<td>%s &nbsp; %.1f%%</td>", h, 100 * r.scores(s).score(h)));
                } else {
                    b.append("<td></td>");
                }
            }
            b.append("</tr>\n");
        }
        b.append("</table>\n<table><tr><th>settings</th><th>shared top heads</th><th>heads</th><th>not shared: in the "
                + "other's top ").append(ColorQaFigures.WIDER_TOP).append("?</th></tr>\n");
        for (int i = 0; i < settings.size(); i++) {
            for (int j = i + 1; j < settings.size(); j++) {
                String a = settings.get(i);
                String c = settings.get(j);
                List<HeadId> shared = r.overlap(a, c);
                b.append("<tr><td>").append(esc(a)).append(" / ").append(esc(c)).append("</td><td class=\"n\">")
                        .append(shared.size()).append(" of ").append(r.topHeadCount()).append("</td><td>")
                        .append(esc(ColorQaReport.join(shared))).append("</td><td>")
                        .append(esc(ColorQaReport.containment(r.notSharedInTop(a, c, ColorQaFigures.WIDER_TOP))))
                        .append(" / ")
                        .append(esc(ColorQaReport.containment(r.notSharedInTop(c, a, ColorQaFigures.WIDER_TOP))))
                        .append("</td></tr>\n");
            }
        }
        b.append("</table>\n<p class=\"note\">Value outputs c_j and layer inputs x^(l-1) are read through the logit "
                + "lens with the frozen final norm; Eq. 7's logit difference is log p(b1|v) - log p(b2|v) on the same "
                + "vectors; embedding-space ranks use the dot product with embed_tokens. Per-case values are in cases.csv,"
                + " every prompt in prompts.csv, these rows in figures.csv.</p>\n");
        return HtmlPage.end(b);
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "&ndash;" : String.format(Locale.ROOT, "%.4g", v);
    }

    private static String esc(String s) {
        return HtmlPage.esc(s);
    }
}
