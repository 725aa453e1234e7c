package org.llavalens.server;

import java.util.concurrent.atomic.AtomicInteger;

import org.llavalens.analysis.explain.LiveCase;

/**
 * An explained case the host keeps: its result JSON (served to every annotator who asks the same
 * case) and the live case its follow-ups ask. Closed when the cache evicts it and no follow-up is
 * using it.
 */
final class CachedCase {

    private final LiveCase live;
    private final String resultJson;
    private final AtomicInteger users = new AtomicInteger(1);

    CachedCase(LiveCase live, String resultJson) {
        this.live = live;
        this.resultJson = resultJson;
    }

    String resultJson() {
        return resultJson;
    }

    /**
     * The live case for one follow-up, or null if it was closed (or there is none: a comparison's);
     * give a non-null one back with {@link #release()}.
     */
    LiveCase acquire() {
        if (live == null) {
            return null;
        }
        while (true) {
            int n = users.get();
            if (n == 0) {
                return null;
            }
            if (users.compareAndSet(n, n + 1)) {
                return live;
            }
        }
    }

    void release() {
        if (users.decrementAndGet() == 0 && live != null) {
            live.close();
        }
    }
}
