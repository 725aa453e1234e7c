package org.llavalens.ui.jobs;

import java.util.function.BiConsumer;

import org.eclipse.core.runtime.IProgressMonitor;
import org.llavalens.annotation.model.Case;
import org.llavalens.attribution.projection.EmbeddingProjection;
import org.llavalens.runtime.trace.CaptureSpec;
import org.llavalens.ui.session.LensSession;

/** Jobs whose whole work is one read of the case's trace, handed to the session. */
public final class TraceReads {

    private TraceReads() {
    }

    /** Token tables of sequence position j; captures every position once per case. */
    public static LensJob position(LensSession session, Case c, int j) {
        return new Reading("Tokens of position " + j, session, c, CaptureSpec.FULL,
                (a, t) -> session.positionDetailsArrived(a.positionDetails(t.result(), t.trace(), j)));
    }

    /** The embedding-space table of the visual embeddings by another similarity than the analysis's. */
    public static LensJob embedding(LensSession session, Case c, EmbeddingProjection.Similarity similarity) {
        return new Reading("Embedding-space tokens by " + similarity.id(), session, c, CaptureSpec.ATTRIBUTION,
                (a, t) -> session.embeddingTableArrived(a.embedding(t.result(), t.trace(), similarity)));
    }

    /** Each text position's next-token prediction; runs the model with every position's logits once per case. */
    public static LensJob nextTokens(LensSession session, Case c) {
        return new Reading("Next-token predictions", session, c, CaptureSpec.ATTRIBUTION.withAllLogits(),
                (a, t) -> session.nextTokensArrived(a.nextTokens(t.result(), t.trace())));
    }

    private static final class Reading extends TraceJob {

        private final BiConsumer<HeadAnalyzer, Traced> reader;

        Reading(String name, LensSession session, Case c, CaptureSpec needs, BiConsumer<HeadAnalyzer, Traced> reader) {
            super(name, session, c, needs);
            this.reader = reader;
        }

        @Override
        protected void read(Traced t, IProgressMonitor monitor) {
            reader.accept(analyzer, t);
        }
    }
}
