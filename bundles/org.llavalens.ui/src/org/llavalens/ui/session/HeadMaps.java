package org.llavalens.ui.session;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.llavalens.attribution.FrozenNormUnembedding;
import org.llavalens.attribution.HeadId;
import org.llavalens.attribution.HeadScores;
import org.llavalens.attribution.LogProbIncrease;
import org.llavalens.attribution.result.AttributionRecord;
import org.llavalens.runtime.trace.ForwardTrace;

/**
 * The head position maps of one analysed result, kept across head clicks and head choices, and the
 * engine that computes them. The engine computes the head scores first, as the analysis does: the
 * references log p(b | x^l_T) come out of that batch, so maps computed here agree to the last bit
 * with the maps the result kept (a float32 product of another shape differs by ~1e-6), and the
 * batch is paid once per trace, not once per job.
 */
public final class HeadMaps {

    private final AttributionRecord record;
    private final Map<HeadId, double[]> maps = new ConcurrentHashMap<>();
    private ForwardTrace trace;
    private LogProbIncrease engine;
    private HeadScores scores;

    HeadMaps(AttributionRecord record) {
        this.record = record;
        var kept = record.methods().stream().filter(m -> !m.failed() && m.positionScores() != null).findFirst();
        kept.ifPresent(m -> m.positionScores().forEach((name, s) -> maps.put(HeadId.parse(name), s)));
    }

    AttributionRecord record() {
        return record;
    }

    /** The engine over {@code t} for the result's target, head scores computed (once per trace). */
    public synchronized LogProbIncrease engine(ForwardTrace t) {
        if (engine == null || trace != t) {
            engine = new LogProbIncrease(t, FrozenNormUnembedding.of(t), record.target().id());
            scores = engine.headAndLayerScores().heads();
            trace = t;
        }
        return engine;
    }

    /** The head scores of the last {@link #engine} (the result's own, recomputed on its trace). */
    public synchronized HeadScores scores() {
        return scores;
    }

    /** A head's position scores over every position, if computed or kept before. */
    public double[] get(HeadId head) {
        return maps.get(head);
    }

    public Map<HeadId, double[]> known() {
        return Map.copyOf(maps);
    }

    public void putAll(Map<HeadId, double[]> more) {
        maps.putAll(more);
    }

    /** The head's map from this cache, computing (and keeping) it on {@code t} when missing. */
    public double[] positions(ForwardTrace t, HeadId head) {
        double[] s = maps.get(head);
        if (s == null) {
            s = engine(t).positionScores(head);
            maps.put(head, s);
        }
        return s;
    }
}
