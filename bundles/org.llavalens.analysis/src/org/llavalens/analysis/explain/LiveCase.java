package org.llavalens.analysis.explain;

import java.awt.image.BufferedImage;
import java.util.Optional;

import org.eclipse.core.runtime.IProgressMonitor;
import org.llavalens.attribution.HeadAggregation;
import org.llavalens.attribution.HeadId;
import org.llavalens.attribution.Similarity;

/**
 * An explained case whose forward pass is still at hand, answering the follow-up questions a view
 * asks without running the model again (a local case reruns it once when a question needs what the
 * first pass did not keep, e.g. every position's residuals). Follow-ups are thread-safe. Close it to
 * free the trace.
 */
public interface LiveCase extends AutoCloseable {

    ExplainedCase explained();

    /** The model's view of the image (what heatmaps are drawn on); empty for text only. */
    Optional<BufferedImage> crop();

    /**
     * The log-increase image map of the heads {@code heads} picks from the case's head scores,
     * computed by the registry's log-probability increase method on this case's pass.
     */
    HeadMap map(HeadAggregation heads, IProgressMonitor monitor);

    /** The token tables of sequence position {@code position} (logit lens per layer). */
    PositionTables position(int position, IProgressMonitor monitor);

    /** The token tables of image patch {@code patch}, and of {@code head}'s value output there when not null. */
    PatchTables patch(int patch, HeadId head, IProgressMonitor monitor);

    /** The top next-token prediction after every position. */
    NextTokens nextTokens(IProgressMonitor monitor);

    /** The embedding-space table of every patch by {@code similarity}. */
    EmbeddingTable embedding(Similarity similarity, IProgressMonitor monitor);

    @Override
    void close();
}
