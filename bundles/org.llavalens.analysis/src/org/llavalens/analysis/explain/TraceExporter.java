package org.llavalens.analysis.explain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.IProgressMonitor;
import org.llavalens.attribution.AttributionArrays;
import org.llavalens.runtime.io.FileTrees;
import org.llavalens.runtime.model.LoadedModel;
import org.llavalens.runtime.model.PreparedInput;
import org.llavalens.runtime.model.TraceExport;
import org.llavalens.runtime.trace.CaptureSpec;
import org.llavalens.runtime.trace.ForwardTrace;

/**
 * A {@link TraceRequest} on a loaded model: one forward pass with the attribution capture (the scores
 * written beside the trace need the value vectors), written by {@link TraceExport} and
 * {@link AttributionArrays} into a scratch folder and read back as {@link TraceFiles}.
 */
final class TraceExporter {

    private TraceExporter() {
    }

    static TraceFiles export(LoadedModel model, TraceRequest r, IProgressMonitor monitor) throws IOException {
        PreparedInput input = prepare(model, r);
        CaptureSpec spec = r.allLogits() ? CaptureSpec.ATTRIBUTION.withAllLogits() : CaptureSpec.ATTRIBUTION;
        ForwardTrace trace = model.forward(input, spec, monitor);
        int vocab = trace.model().vocabSize();
        int b = r.target() != null ? r.target() : TraceExport.argmax(trace.logits());
        if (b < 0 || b >= vocab) {
            throw new ExplainException.BadTarget(new IllegalArgumentException("--target " + b
                    + " is outside the vocabulary [0, " + vocab + ")"));
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("model_type", model.config().modelType());
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("prompt", r.prompt());
        inputs.put("pad_to_square", r.padToSquare());
        input.crop().ifPresent(c -> inputs.put("crop", c));
        extra.put("inputs", inputs);
        Path scratch = Files.createTempDirectory("llavalens-trace");
        try {
            List<Path> written = new ArrayList<>(TraceExport.write(scratch, trace, input.pixelValues().orElse(null), b,
                    extra, r.allLogits()));
            written.addAll(AttributionArrays.writeAll(trace, b, scratch).values());
            Map<String, byte[]> files = new LinkedHashMap<>();
            for (Path f : written) {
                files.put(f.getFileName().toString(), Files.readAllBytes(f));
            }
            TraceFiles.Span span = trace.imageSpan().map(s -> new TraceFiles.Span(s.start(), s.end())).orElse(null);
            return new TraceFiles(files, b, trace.logits()[b] - TraceExport.logSumExp(trace.logits()),
                    trace.sequenceLength(), span);
        } finally {
            FileTrees.delete(scratch);
        }
    }

    private static PreparedInput prepare(LoadedModel model, TraceRequest r) {
        if (r.prompt() != null) {
            return r.pixelValues() != null ? model.prepare(r.pixelValues(), model.encode(r.prompt()))
                    : model.prepare(r.image(), r.prompt(), r.padToSquare());
        }
        return r.image() != null ? model.prepare(model.preprocess(r.image(), r.padToSquare()), r.inputIds())
                : model.prepare(r.pixelValues(), r.inputIds());
    }
}
