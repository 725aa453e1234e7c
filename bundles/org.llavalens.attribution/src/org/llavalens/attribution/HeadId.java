package org.llavalens.attribution;

/** One attention head, written {@code layer_head} as in the paper (e.g. {@code 22_27}). */
public record HeadId(int layer, int head) implements Comparable<HeadId> {

    public HeadId {
        if (layer < 0 || head < 0) {
            throw new IllegalArgumentException("negative layer or head: " + layer + "_" + head);
        }
    }

    /** Parses {@code L_H}. */
    public static HeadId parse(String text) {
        String t = text.trim();
        int u = t.indexOf('_');
        if (u <= 0 || u == t.length() - 1) {
            throw new IllegalArgumentException("head '" + text + "' is not written layer_head (e.g. 22_27)");
        }
        try {
            return new HeadId(Integer.parseInt(t.substring(0, u)), Integer.parseInt(t.substring(u + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("head '" + text + "' is not written layer_head (e.g. 22_27)", e);
        }
    }

    @Override
    public int compareTo(HeadId o) {
        return layer != o.layer ? Integer.compare(layer, o.layer) : Integer.compare(head, o.head);
    }

    @Override
    public String toString() {
        return layer + "_" + head;
    }
}
