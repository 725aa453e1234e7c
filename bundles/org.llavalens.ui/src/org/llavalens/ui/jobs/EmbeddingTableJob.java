package org.llavalens.ui.jobs;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.llavalens.annotation.model.Case;
import org.llavalens.attribution.projection.EmbeddingProjection;
import org.llavalens.ui.session.LensSession;

/** The embedding-space table of the visual embeddings by another similarity than the analysis's. */
public final class EmbeddingTableJob extends TraceJob {

    private final EmbeddingProjection.Similarity similarity;

    public EmbeddingTableJob(LensSession session, Case c, EmbeddingProjection.Similarity similarity) {
        super("Embedding-space tokens by " + similarity.id(), session, c);
        this.similarity = similarity;
    }

    @Override
    protected void work(IProgressMonitor monitor) throws Exception {
        SubMonitor sub = SubMonitor.convert(monitor, getName(), 10);
        Traced t = traced(false, sub.split(6));
        if (t == null) {
            return;
        }
        session.embeddingTableArrived(analyzer.embedding(t.result(), t.trace(), similarity));
        sub.worked(4);
    }
}
