package org.llavalens.analysis.explain;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.llavalens.analysis.AnalyzerSettings;
import org.llavalens.attribution.FrozenNormUnembedding;
import org.llavalens.attribution.HeadAggregation;
import org.llavalens.attribution.HeadId;
import org.llavalens.attribution.ImageMap;
import org.llavalens.attribution.Similarity;
import org.llavalens.attribution.method.MethodContext;
import org.llavalens.attribution.method.MethodRunner;
import org.llavalens.attribution.method.builtin.LogProbIncreaseMethod;
import org.llavalens.attribution.projection.TopK;
import org.llavalens.attribution.result.MethodResult;
import org.llavalens.attribution.report.PatchTokenTables;
import org.llavalens.attribution.report.TokenTables;
import org.llavalens.runtime.model.LoadedModel;
import org.llavalens.runtime.model.PreparedInput;
import org.llavalens.runtime.trace.CaptureSpec;
import org.llavalens.runtime.trace.ForwardTrace;
import org.llavalens.runtime.trace.ImageSpan;

/**
 * A case explained in this process, its forward pass kept. A follow-up that needs what the pass did
 * not keep (every position's residuals for token tables, every position's logits for next-token
 * predictions) runs the model once more, keeping the union of both, and later follow-ups use that.
 */
final class LocalLiveCase extends KeptCase {

    private final LocalExplainService service;
    private final Path folder;
    private final ExplainRequest request;
    private final TokenTexts texts;
    private final Map<HeadAggregation, HeadMap> maps = new ConcurrentHashMap<>();
    private ForwardTrace trace;
    private CaptureSpec held;

    LocalLiveCase(LocalExplainService service, Path folder, ExplainRequest request, ExplainedCase explained,
            BufferedImage crop, ForwardTrace trace, CaptureSpec held, TokenTexts texts) {
        super(explained, crop);
        this.service = service;
        this.folder = folder;
        this.request = request;
        this.trace = trace;
        this.held = held;
        this.texts = texts;
    }

    /** The pass, run again with {@code needs} added when it did not keep that. */
    private synchronized ForwardTrace trace(CaptureSpec needs, IProgressMonitor monitor) {
        if (trace == null) {
            throw new IllegalStateException("this case was closed");
        }
        CaptureSpec union = held.union(needs);
        if (!union.equals(held)) {
            trace = service.withModel(folder, m -> m.forward(input(m), union, monitor));
            held = union;
        }
        return trace;
    }

    private PreparedInput input(LoadedModel m) {
        int[] ids = m.encode(explained().prompt());
        if (!m.config().isLlava()) {
            return m.prepare(ids);
        }
        return m.prepare(m.preprocess(request.question().image(), request.settings().padToSquare()), ids);
    }

    @Override
    public HeadMap map(HeadAggregation heads, IProgressMonitor monitor) {
        HeadMap known = maps.get(heads);
        if (known != null) {
            return known;
        }
        if (explained().headMethod().isEmpty()) {
            throw new ExplainException.NotAnswerable("case " + explained().provenance().modelId()
                    + " has no head scores to choose heads from");
        }
        SubMonitor sub = SubMonitor.convert(monitor, "Image map " + heads, 10);
        ForwardTrace t = trace(CaptureSpec.ATTRIBUTION, sub.split(5));
        MethodContext context = new MethodContext(t, explained().target(), MethodContext.Choices.ofHeads(heads), null);
        MethodResult r = new MethodRunner(service.registry()).runOne(LogProbIncreaseMethod.ID, context, sub.split(5));
        if (r.failed()) {
            throw new ExplainException.NotAnswerable("the map of " + heads + " failed: " + r.error());
        }
        Map<HeadId, double[]> positions = new java.util.LinkedHashMap<>();
        r.positionsByHead().forEach((h, s) -> positions.put(h, s.toArray()));
        List<HeadId> chosen = List.copyOf(positions.keySet());
        Optional<ImageMap> image = t.imageSpan().flatMap(span -> r.image()
                .map(scores -> new ImageMap(span.gridSide(), scores.toArray(), chosen, heads.toString())));
        HeadMap map = new HeadMap(heads, chosen, positions, image);
        maps.put(heads, map);
        return map;
    }

    @Override
    public PositionTables position(int position, IProgressMonitor monitor) {
        ForwardTrace t = trace(CaptureSpec.FULL, monitor);
        if (position < 0 || position >= t.sequenceLength()) {
            throw new ExplainException.NotAnswerable("position " + position + " is outside the sequence [0, "
                    + t.sequenceLength() + ")");
        }
        return new PositionTables(position, positionLabel(t, position),
                TokenTables.position(t, FrozenNormUnembedding.of(t), position, AnalyzerSettings.TOP_TOKENS,
                        texts::text));
    }

    /** {@code position 579 (text: 'color')}, or {@code position 40 (patch 35)} in the image. */
    private String positionLabel(ForwardTrace t, int j) {
        ImageSpan span = t.imageSpan().orElse(null);
        if (span != null && span.contains(j)) {
            return "position " + j + (j < span.firstPatch() ? " (image CLS)" : " (patch " + (j - span.firstPatch()) + ")");
        }
        String token = explained().token(j).replace("\n", "\\n").replace("\t", "\\t");
        return "position " + j + " (text: '" + token + "')";
    }

    @Override
    public PatchTables patch(int patch, HeadId head, IProgressMonitor monitor) {
        SubMonitor sub = SubMonitor.convert(monitor, "Tokens of patch " + patch, 5);
        ForwardTrace t = trace(CaptureSpec.FULL, sub.split(1));
        ImageSpan span = t.imageSpan()
                .orElseThrow(() -> new ExplainException.NotAnswerable("this case has no image, so it has no patches"));
        if (patch < 0 || patch >= span.patchCount()) {
            throw new ExplainException.NotAnswerable("patch " + patch + " is outside the image's " + span.patchCount()
                    + " patches");
        }
        return new PatchTables(patch, head, PatchTokenTables.read(t, span, patch, head, AnalyzerSettings.TOP_TOKENS,
                texts::text, sub.split(4)));
    }

    @Override
    public NextTokens nextTokens(IProgressMonitor monitor) {
        ForwardTrace t = trace(held.withAllLogits(), monitor);
        int[] ids = new int[t.sequenceLength()];
        for (int j = 0; j < ids.length; j++) {
            ids[j] = TopK.of(t.logitsAt(j), 1).get(0).id();
        }
        return new NextTokens(ids, java.util.Arrays.stream(ids).mapToObj(texts::text).toList());
    }

    @Override
    public EmbeddingTable embedding(Similarity similarity, IProgressMonitor monitor) {
        ForwardTrace t = trace(CaptureSpec.MINIMAL, monitor);
        if (t.imageFeatures().isEmpty()) {
            throw new ExplainException.NotAnswerable("this case has no image, so it has no visual embeddings");
        }
        return new EmbeddingTable(similarity, TokenTables.embedding(t, AnalyzerSettings.TOP_TOKENS, similarity, texts::text));
    }

    @Override
    public synchronized void close() {
        trace = null;
        maps.clear();
    }
}
