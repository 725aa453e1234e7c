package org.llavalens.analysis.explain;

import java.io.IOException;
import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;

/**
 * Explains cases: the one entry point of the analysis layer. A local implementation runs the model
 * in this process ({@link LocalExplainService}); a remote one asks a model host over HTTP. Both give
 * the same records.
 */
public interface ExplainService extends AutoCloseable {

    /** The models this service can run. */
    List<ModelInfo> models() throws IOException;

    /**
     * The model {@code id} names: its kind, size and weights hash.
     *
     * @throws ExplainException.UnknownModel if it names no model of this service
     */
    default ModelInfo info(String id) throws IOException {
        for (ModelInfo m : models()) {
            if (m.id().equals(id)) {
                return m;
            }
        }
        throw new ExplainException.UnknownModel("no model '" + id + "' here; the models are "
                + models().stream().map(ModelInfo::id).toList());
    }

    /**
     * Runs one case: the forward pass with what the settings' methods need, the greedy answer when
     * asked, the methods (each isolated from the others) and the token tables.
     *
     * @throws ExplainException.UnknownModel if the request names no model of this service
     * @throws ExplainException.BadTarget    if the target is not one token of the model
     * @throws ExplainException.BadPosition  if a table position is outside the sequence
     */
    LiveCase explain(ExplainRequest request, IProgressMonitor monitor) throws IOException;

    /**
     * One forward pass exported as the reference fixtures' arrays (the internals at the last position,
     * the attribution arrays, trace.json).
     *
     * @throws ExplainException.BadTarget if the target id is outside the vocabulary
     */
    TraceFiles trace(TraceRequest request, IProgressMonitor monitor) throws IOException;

    /**
     * Measures one case of the color experiment: Vicuna text QA, LLaVA text QA and LLaVA visual QA
     * with the paper's readouts (value outputs and layer inputs through the logit lens, attention,
     * embedding projections), the quantities of {@link org.llavalens.analysis.experiment.Measure}.
     *
     * @throws ExplainException.NotAnswerable if the case cannot be measured (e.g. a word that is not one token)
     */
    org.llavalens.analysis.experiment.CaseMeasures colorQa(ColorQaRequest request, IProgressMonitor monitor)
            throws IOException;

    /** One question asked three ways (Vicuna text QA, LLaVA text QA, LLaVA visual QA). */
    Comparison compare(CompareRequest request, IProgressMonitor monitor) throws IOException;

    @Override
    void close();
}
