package org.llavalens.attribution;

/**
 * How scores are shown. Always a view over raw scores, recorded with the result so a reader knows
 * what the colors mean.
 */
public enum ScoreNormalization {
    /** The log-probability increases themselves. */
    RAW("raw"),
    /** (s - min) / (max - min); all zeros when every score is equal (nothing stands out). */
    MIN_MAX("minmax"),
    /** s / sum(s > 0); all zeros when no score is positive. */
    POSITIVE_SHARE("share");

    private final String id;

    ScoreNormalization(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static ScoreNormalization parse(String text) {
        for (ScoreNormalization n : values()) {
            if (n.id.equalsIgnoreCase(text.trim()) || n.name().equalsIgnoreCase(text.trim())) {
                return n;
            }
        }
        throw new IllegalArgumentException("normalisation '" + text + "' is not one of raw, minmax, share");
    }

    public double[] apply(double[] scores) {
        double[] out = new double[scores.length];
        switch (this) {
            case RAW -> System.arraycopy(scores, 0, out, 0, scores.length);
            case MIN_MAX -> {
                double min = Double.POSITIVE_INFINITY;
                double max = Double.NEGATIVE_INFINITY;
                for (double s : scores) {
                    min = Math.min(min, s);
                    max = Math.max(max, s);
                }
                double range = max - min;
                if (range > 0) {
                    for (int i = 0; i < scores.length; i++) {
                        out[i] = (scores[i] - min) / range;
                    }
                }
            }
            case POSITIVE_SHARE -> {
                double total = 0;
                for (double s : scores) {
                    if (s > 0) {
                        total += s;
                    }
                }
                if (total > 0) {
                    for (int i = 0; i < scores.length; i++) {
                        out[i] = scores[i] / total;
                    }
                }
            }
        }
        return out;
    }
}
