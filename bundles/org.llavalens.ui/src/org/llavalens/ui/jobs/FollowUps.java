package org.llavalens.ui.jobs;

import org.eclipse.core.runtime.IProgressMonitor;
import org.llavalens.analysis.explain.LiveCase;
import org.llavalens.annotation.model.Case;
import org.llavalens.attribution.Similarity;
import org.llavalens.ui.session.CaseResult;
import org.llavalens.ui.session.LensSession;

/** Jobs whose whole work is one follow-up question of the case's live case, handed to the session. */
public final class FollowUps {

    private FollowUps() {
    }

    /** What one follow-up asks and where its answer goes. */
    @FunctionalInterface
    private interface Question {
        void ask(CaseResult r, LiveCase live, IProgressMonitor monitor);
    }

    /** Token tables of sequence position j. */
    public static LensJob position(LensSession session, Case c, int j) {
        return new Asking("Tokens of position " + j, session, c,
                (r, live, m) -> session.positionDetailsArrived(live.position(j, m)));
    }

    /** The embedding-space table of the visual embeddings by another similarity than the analysis's. */
    public static LensJob embedding(LensSession session, Case c, Similarity similarity) {
        return new Asking("Embedding-space tokens by " + similarity.id(), session, c,
                (r, live, m) -> session.embeddingTableArrived(r.main(), live.embedding(similarity, m)));
    }

    /** Each text position's next-token prediction. */
    public static LensJob nextTokens(LensSession session, Case c) {
        return new Asking("Next-token predictions", session, c,
                (r, live, m) -> session.nextTokensArrived(r.main(), live.nextTokens(m)));
    }

    private static final class Asking extends LiveCaseJob {

        private final Question question;

        Asking(String name, LensSession session, Case c, Question question) {
            super(name, session, c);
            this.question = question;
        }

        @Override
        protected void ask(CaseResult r, LiveCase live, IProgressMonitor monitor) {
            question.ask(r, live, monitor);
        }
    }
}
