package org.llavalens.attribution;

/**
 * How a vector is scored against the vocabulary's embedding rows: the paper's dot product, or the
 * cosine (which removes the rows' norms, so frequent tokens with long embeddings stop dominating).
 */
public enum Similarity {
    DOT, COSINE;

    /** The lower-case name used on the command line and in results ({@code dot}, {@code cosine}). */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the value if it is neither {@code dot} nor {@code cosine} */
    public static Similarity parse(String id) {
        for (Similarity s : values()) {
            if (s.id().equalsIgnoreCase(id == null ? "" : id.strip())) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown similarity '" + id + "' (dot or cosine)");
    }
}
