package org.llavalens.server;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Explained cases by what determines them, so a second annotator who opens the same case gets it
 * at once: the least recently used is evicted beyond the capacity (its live case closed once no
 * follow-up uses it).
 */
final class ResultCache {

    /**
     * What a result depends on.
     *
     * @param settings the settings' wire JSON (defaults filled in)
     */
    record Key(String weightsHash, String imageHash, String question, String context, String answerPrefix,
            String target, String settings) {
    }

    private final int capacity;
    private final Map<Key, CachedCase> cases = new LinkedHashMap<>(16, 0.75f, true);

    ResultCache(int capacity) {
        this.capacity = capacity;
    }

    synchronized CachedCase get(Key key) {
        return cases.get(key);
    }

    synchronized void put(Key key, CachedCase c) {
        CachedCase before = cases.put(key, c);
        if (before != null && before != c) {
            before.release();
        }
        while (cases.size() > capacity) {
            var eldest = cases.entrySet().iterator().next();
            cases.remove(eldest.getKey());
            eldest.getValue().release();
        }
    }

    synchronized void clear() {
        cases.values().forEach(CachedCase::release);
        cases.clear();
    }
}
