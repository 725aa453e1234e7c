package org.llavalens.attribution.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.llavalens.attribution.FrozenNormUnembedding;
import org.llavalens.attribution.HeadId;
import org.llavalens.attribution.Similarity;
import org.llavalens.attribution.projection.EmbeddingProjection;
import org.llavalens.attribution.projection.LogitLens;
import org.llavalens.attribution.projection.StreamVectors;
import org.llavalens.attribution.result.TokenRow;
import org.llavalens.runtime.trace.ForwardTrace;
import org.llavalens.runtime.trace.ImageSpan;

/**
 * Token tables of one image patch j: per layer the logit lens of the layer input x^l_j, of what
 * attention and the MLPs wrote into j, of one head's value output c^(l,h)_j, and the patch's
 * embedding-space tokens (method.md §3). Needs a trace with every position captured.
 */
public final class PatchTokenTables {

    public static final String LAYER_INPUT = "Layer input x^l_j";
    public static final String ATTENTION_WRITTEN = "Attention-written";
    public static final String MLP_WRITTEN = "MLP-written";
    public static final String EMBEDDING = "Embedding space (visual embedding)";

    private PatchTokenTables() {
    }

    /** The head's table is named {@code Head L_H value-output c_j}. */
    public static String headTable(HeadId head) {
        return "Head " + head + " value-output c_j";
    }

    /** @param head the head whose value output is read, or null for none */
    public static Map<String, List<TokenRow>> read(ForwardTrace trace, ImageSpan span, int patch, HeadId head, int k,
            IntFunction<String> text, IProgressMonitor monitor) {
        SubMonitor sub = SubMonitor.convert(monitor, "Tokens of patch " + patch, 4);
        int j = span.patchPosition(patch);
        LogitLens lens = new LogitLens(FrozenNormUnembedding.of(trace));
        int layers = trace.model().numLayers();
        float[][] xs = new float[layers + 1][];
        float[][] att = new float[layers + 1][];
        float[][] mlp = new float[layers + 1][];
        List<String> names = new ArrayList<>();
        for (int l = 0; l <= layers; l++) {
            xs[l] = StreamVectors.residual(trace, l, j);
            att[l] = StreamVectors.attentionWritten(trace, l, j);
            mlp[l] = StreamVectors.mlpWritten(trace, l, j);
            names.add("layer " + l);
        }
        sub.worked(1);
        Map<String, List<TokenRow>> tables = new LinkedHashMap<>();
        tables.put(LAYER_INPUT, TokenTables.rows(names, lens.topK(xs, k), text));
        tables.put(ATTENTION_WRITTEN, TokenTables.rows(names, lens.topK(att, k), text));
        tables.put(MLP_WRITTEN, TokenTables.rows(names, lens.topK(mlp, k), text));
        sub.worked(2);
        if (head != null) {
            float[] c = StreamVectors.headContribution(trace, head.layer(), head.head(), j);
            tables.put(headTable(head), TokenTables.rows(List.of("c^(" + head.layer() + "," + head.head() + ")_" + j),
                    List.of(lens.topK(c, k)), text));
        }
        trace.imageFeatures().ifPresent(f -> tables.put(EMBEDDING, TokenTables.rows(List.of("patch " + patch),
                new EmbeddingProjection(trace.embedding()).topK(new float[][] { f[patch] }, k,
                        Similarity.DOT), text)));
        sub.worked(1);
        return tables;
    }
}
