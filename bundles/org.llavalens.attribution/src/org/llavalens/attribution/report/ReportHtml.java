package org.llavalens.attribution.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.llavalens.attribution.HeadId;
import org.llavalens.attribution.HeadScores;
import org.llavalens.attribution.result.AttributionRecord;
import org.llavalens.attribution.result.MethodResult;
import org.llavalens.attribution.result.TokenRow;

/** The self-contained HTML page of one case (no external files, no scripts). */
final class ReportHtml {

    private ReportHtml() {
    }

    static String render(AttributionRecord r, String answer, String cropUri, Map<String, String> heatmaps, String gridUri,
            MethodResult heads, int topHeads) {
        StringBuilder b = HtmlPage.start("LLaVA Lens report", "body{font-family:sans-serif;margin:2em;max-width:1100px;color:#222}"
                + "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}"
                + "th{background:#f3f3f3}td.l,th.l{text-align:left;white-space:pre-wrap}img.map{width:336px;image-rendering:auto;margin-right:1em}"
                + "figure{display:inline-block;margin:0 1em 1em 0}.err{color:#a00}code{background:#f3f3f3;padding:0 3px}");
        b.append("<h1>Why did the model answer <q>").append(esc(r.target().text())).append("</q>?</h1>\n");
        b.append("<table>");
        row(b, "model", r.provenance().modelId() + " (" + r.provenance().dtype() + ", weights " + r.provenance().weightsHash() + ")");
        row(b, "prompt", r.provenance().prompt());
        if (answer != null) {
            row(b, "answer (greedy)", answer);
        }
        row(b, "target token", r.target().text() + " (id " + r.target().id() + ", " + r.target().rule() + ")");
        if (r.provenance().imageHash() != null) {
            row(b, "image", r.provenance().imageHash() + (r.provenance().crop() == null ? "" : ", crop " + r.provenance().crop()));
        }
        row(b, "display", r.display() == null ? "" : r.display().asText().toString());
        if (r.unembedding() != null) {
            row(b, "unembedding", "frozen RMSNorm: m = " + r.unembedding().meanSquare() + ", eps = "
                    + r.unembedding().eps() + " (the model's rms_norm_eps)");
        }
        row(b, "created", r.createdAt());
        b.append("</table>\n");

        if (!heatmaps.isEmpty()) {
            b.append("<h2>Image maps</h2>\n");
            if (cropUri != null) {
                figure(b, cropUri, "the model's crop");
            }
            for (Map.Entry<String, String> e : heatmaps.entrySet()) {
                String label = r.method(e.getKey()).map(MethodResult::label).orElse(e.getKey());
                String extra = e.getKey().equals("logprob-increase") && heads != null
                        ? " (heads " + heads.settings().getOrDefault("headsUsed", "") + ")" : "";
                figure(b, e.getValue(), label + extra);
            }
        }
        if (heads != null) {
            HeadScores s = heads.heads().orElseThrow();
            b.append("<h2>Top heads</h2>\n<p>S<sup>(l,h)</sup> = log p(b | x<sup>l</sup><sub>T</sub> + o<sup>(l,h)</sup>) − ")
                    .append("log p(b | x<sup>l</sup><sub>T</sub>); % = share of the positive total (scores are not additive).</p>\n");
            b.append("<table><tr><th>rank</th><th class=l>head</th><th>score</th><th>%</th></tr>\n");
            List<HeadId> top = s.top(topHeads);
            for (int i = 0; i < top.size(); i++) {
                HeadId id = top.get(i);
                b.append(String.format(Locale.ROOT, "<tr><td>%d</td><td class=l>%s</td><td>%.4f</td><td>%.2f</td></tr>%n", i + 1,
                        id, s.score(id), s.percent(id)));
            }
            b.append("</table>\n");
            if (gridUri != null) {
                b.append("<p><img alt=\"head grid\" src=\"").append(gridUri).append("\"><br>layers down, heads across; red raises log p(b), blue lowers it</p>\n");
            }
            if (heads.array("layer_attn_scores").isPresent() && heads.array("layer_mlp_scores").isPresent()) {
                double[] a = heads.array("layer_attn_scores").orElseThrow().toArray();
                double[] m = heads.array("layer_mlp_scores").orElseThrow().toArray();
                b.append("<h2>Layer scores</h2>\n<table><tr><th>layer</th><th>attention</th><th>MLP</th></tr>\n");
                for (int l = 0; l < a.length; l++) {
                    b.append(String.format(Locale.ROOT, "<tr><td>%d</td><td>%.4f</td><td>%.4f</td></tr>%n", l, a[l], m[l]));
                }
                b.append("</table>\n");
            }
        }
        b.append("<h2>Methods</h2>\n<table><tr><th class=l>method</th><th class=l>settings</th><th>time (ms)</th><th class=l>status</th></tr>\n");
        for (MethodResult m : r.methods()) {
            b.append("<tr><td class=l>").append(esc(m.label())).append(" <code>").append(esc(m.methodId())).append("</code></td><td class=l>")
                    .append(esc(String.valueOf(m.settings()))).append("</td><td>").append(String.format(Locale.ROOT, "%.1f", m.millis()))
                    .append("</td><td class=l>").append(m.failed() ? "<span class=err>failed: " + esc(m.error()) + "</span>" : "ok")
                    .append("</td></tr>\n");
        }
        b.append("</table>\n");
        MethodResult ours = r.method("logprob-increase").filter(m -> !m.failed()).orElse(null);
        MethodResult causal = r.method("causal-ablation").filter(m -> !m.failed()).orElse(null);
        if (ours != null && causal != null && ours.millis() > 0) {
            b.append(String.format(Locale.ROOT, "<p>The causal baseline (one rerun per patch) took %.0f\u00d7 the time of the "
                    + "log-probability increase (%.1f ms vs %.1f ms).</p>%n", causal.millis() / ours.millis(), causal.millis(),
                    ours.millis()));
        }
        if (r.forwardTimings() != null && !r.forwardTimings().byStage().isEmpty()) {
            b.append("<p>forward pass (ms): ").append(esc(r.forwardTimings().byStage().toString())).append("</p>\n");
        }
        List<List<TokenRow>> ranked = TokenTables.rankTables(r.tokenTables());
        if (ranked.size() >= 2) {
            logitMinus(b, ranked.get(0), ranked.get(1));
        }
        for (Map.Entry<String, List<TokenRow>> t : r.tokenTables().entrySet()) {
            if (t.getKey().startsWith(TokenTables.RANK + "_")) {
                rankTable(b, t.getValue());
                continue;
            }
            b.append("<h2>Tokens: ").append(esc(t.getKey().replace('_', ' '))).append(tableNote(r, t.getKey()))
                    .append("</h2>\n<table><tr><th class=l>vector</th>");
            int k = (int) t.getValue().stream().mapToInt(TokenRow::rank).max().orElse(0);
            for (int i = 1; i <= k; i++) {
                b.append("<th class=l>").append(i).append("</th>");
            }
            b.append("</tr>\n");
            String current = null;
            for (TokenRow row : t.getValue()) {
                if (!row.vector().equals(current)) {
                    if (current != null) {
                        b.append("</tr>\n");
                    }
                    current = row.vector();
                    b.append("<tr><td class=l>").append(esc(current)).append("</td>");
                }
                b.append("<td class=l>").append(esc(row.text())).append(String.format(Locale.ROOT, " <small>%.2f</small>", row.score()))
                        .append("</td>");
            }
            if (current != null) {
                b.append("</tr>\n");
            }
            b.append("</table>\n");
        }
        b.append("<p><small>Raw arrays, settings and provenance: result.json (replayable with LLaVA Lens).</small></p>\n");
        return HtmlPage.end(b);
    }

    /** M = log p(b1 | x^l_T) - log p(b2 | x^l_T) of the first two tracked tokens, layer by layer. */
    private static void logitMinus(StringBuilder b, List<TokenRow> b1, List<TokenRow> b2) {
        double[] m = TokenTables.logitMinus(b1, b2);
        b.append("<h2>Logit minus: <q>").append(esc(b1.get(0).text())).append("</q> vs <q>").append(esc(b2.get(0).text()))
                .append("</q></h2>\n<p>M = log p(").append(esc(b1.get(0).text())).append(" | v) − log p(")
                .append(esc(b2.get(0).text())).append(" | v); positive: the first is more likely.</p>\n")
                .append("<table><tr><th class=l>vector</th><th>M</th></tr>\n");
        for (int i = 0; i < m.length; i++) {
            b.append("<tr><td class=l>").append(esc(b1.get(i).vector()))
                    .append(String.format(Locale.ROOT, "</td><td>%.4f</td></tr>%n", m[i]));
        }
        b.append("</table>\n");
    }

    /** One token's rank in the logit lens of every layer, and its MRR (the ranks reach the vocabulary size). */
    private static void rankTable(StringBuilder b, List<TokenRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        TokenRow first = rows.get(0);
        b.append("<h2>Rank of <q>").append(esc(first.text())).append("</q> (id ").append(first.id())
                .append(") in the logit lens</h2>\n")
                .append(String.format(Locale.ROOT, "<p>MRR over the %d vectors: %.4f</p>%n", rows.size(),
                        TokenTables.meanReciprocalRank(rows)))
                .append("<table><tr><th class=l>vector</th><th>rank</th><th>1/rank</th><th>logit</th></tr>\n");
        for (TokenRow row : rows) {
            b.append("<tr><td class=l>").append(esc(row.vector())).append("</td>").append(String.format(Locale.ROOT,
                    "<td>%d</td><td>%.4f</td><td>%.4f</td></tr>%n", row.rank(), 1.0 / row.rank(), row.score()));
        }
        b.append("</table>\n");
    }

    /**
     * The embedding-space table says how it scored (dot product or cosine; older records did not record
     * it), a position table which position it reads.
     */
    private static String tableNote(AttributionRecord r, String table) {
        if (r.display() == null) {
            return "";
        }
        String similarity = r.display().tables().similarity().id();
        if (table.equals(TokenTables.EMBED_PROJ) && similarity != null) {
            return " (" + esc(similarity.equals("cosine") ? "cosine similarity" : "dot product") + " with embed_tokens)";
        }
        // a position the user named as patch:N or text:K is shown as typed beside its sequence index
        int pos = table.lastIndexOf("_pos");
        String positions = r.display().tables().positions();
        if (pos < 0 || positions == null) {
            return "";
        }
        String index = table.substring(pos + 4);
        for (String p : positions.split(",")) {
            if (p.endsWith("=" + index)) {
                return " (" + esc(p.substring(0, p.length() - index.length() - 1)) + ")";
            }
        }
        return "";
    }

    private static void row(StringBuilder b, String k, String v) {
        b.append("<tr><th class=l>").append(esc(k)).append("</th><td class=l>").append(esc(v)).append("</td></tr>\n");
    }

    private static void figure(StringBuilder b, String uri, String caption) {
        b.append("<figure><img class=map alt=\"").append(esc(caption)).append("\" src=\"").append(uri).append("\"><figcaption>")
                .append(esc(caption)).append("</figcaption></figure>\n");
    }

    static String esc(String s) {
        return HtmlPage.esc(s);
    }
}
