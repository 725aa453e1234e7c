package org.llavalens.attribution.projection;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The k largest entries of a score vector, descending; ties go to the lower id first (the
 * fixtures' rule, so equal scores never reorder between runs).
 */
public final class TopK {

    private TopK() {
    }

    public static List<TokenScore> of(float[] scores, int k) {
        double[] d = new double[scores.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = scores[i];
        }
        return of(d, k);
    }

    public static List<TokenScore> of(double[] scores, int k) {
        int n = Math.min(k, scores.length);
        // min-heap of the best n so far; the "worst" is the lowest score, then the higher id
        PriorityQueue<Integer> heap = new PriorityQueue<>(n + 1, (a, b) -> better(scores, a, b) ? 1 : -1);
        for (int i = 0; i < scores.length; i++) {
            if (heap.size() < n) {
                heap.add(i);
            } else if (n > 0 && better(scores, i, heap.peek())) {
                heap.poll();
                heap.add(i);
            }
        }
        List<TokenScore> out = new ArrayList<>(heap.size());
        while (!heap.isEmpty()) {
            int i = heap.poll();
            out.add(0, new TokenScore(i, scores[i]));
        }
        return out;
    }

    /** 1-based rank of {@code id} under the same ordering. */
    public static int rank(float[] scores, int id) {
        int rank = 1;
        float s = scores[id];
        for (int i = 0; i < scores.length; i++) {
            if (scores[i] > s || (scores[i] == s && i < id)) {
                rank++;
            }
        }
        return rank;
    }

    private static boolean better(double[] s, int a, int b) {
        return s[a] > s[b] || (s[a] == s[b] && a < b);
    }

    public static int[] ids(List<TokenScore> top) {
        return top.stream().mapToInt(TokenScore::id).toArray();
    }
}
