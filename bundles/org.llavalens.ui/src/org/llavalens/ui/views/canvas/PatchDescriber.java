package org.llavalens.ui.views.canvas;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.llavalens.attribution.report.TokenTables;
import org.llavalens.attribution.result.TokenRow;
import org.llavalens.ui.session.CaseResult;

/** The hover text of a patch: its row and column, each layer's score, its embedding-space tokens. */
public final class PatchDescriber {

    private final List<LayerSource> sources;
    private final int side;
    private final Map<String, List<TokenRow>> tokensByPatch = new LinkedHashMap<>();

    public PatchDescriber(CaseResult r, List<LayerSource> sources) {
        this.sources = sources;
        this.side = r == null ? 0 : CanvasLayers.gridSide(r);
        if (r != null && r.main().tokenTables() != null) {
            for (TokenRow row : r.main().tokenTables().getOrDefault(TokenTables.EMBED_PROJ, List.of())) {
                tokensByPatch.computeIfAbsent(row.vector(), k -> new ArrayList<>()).add(row);
            }
        }
    }

    public String describe(int patch) {
        if (side == 0) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "patch %d: row %d, column %d", patch, patch / side, patch % side));
        for (LayerSource s : sources) {
            sb.append(String.format(Locale.ROOT, "\n%s: %+.4g", s.label(), s.scores()[patch]));
        }
        List<TokenRow> tokens = tokensByPatch.get("patch " + patch);
        if (tokens != null && !tokens.isEmpty()) {
            sb.append("\nembedding-space tokens:");
            for (TokenRow t : tokens) {
                sb.append(String.format(Locale.ROOT, " %s (%.3g)", t.text(), t.score()));
            }
        }
        return sb.toString();
    }
}
