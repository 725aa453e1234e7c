package org.llavalens.headless.cli;

import java.util.List;

/**
 * A command's {@code --help}, generated from what it declares so help and parser never disagree:
 * synopsis lines, the options table (with their other spellings), the details and examples. Each
 * example is one line a user can paste.
 */
public final class Help {

    private Help() {
    }

    public static String of(Command c) {
        StringBuilder b = new StringBuilder();
        List<String> synopsis = c.synopsis();
        for (int i = 0; i < synopsis.size(); i++) {
            b.append(i == 0 ? "usage: " : "       ").append("./llavalens ").append(synopsis.get(i)).append('\n');
        }
        List<Option> options = c.options();
        if (!options.isEmpty()) {
            b.append("\noptions:\n");
            int width = 0;
            for (Option o : options) {
                width = Math.max(width, o.spelling().length());
            }
            for (Option o : options) {
                b.append("  ").append(pad(o.spelling(), width)).append("  ").append(o.help());
                if (!o.aliases().isEmpty()) {
                    b.append(" (also --").append(String.join(", --", o.aliases())).append(')');
                }
                b.append('\n');
            }
        }
        String details = c.details();
        if (details != null && !details.isBlank()) {
            b.append('\n').append(details.strip()).append('\n');
        }
        List<String> examples = c.examples();
        if (!examples.isEmpty()) {
            b.append("\nexamples:\n");
            examples.forEach(e -> b.append("  ./llavalens ").append(e).append('\n'));
        }
        return b.toString().stripTrailing();
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(width - s.length());
    }

    /** The declared option nearest to a misspelt {@code word}, or null when none is close. */
    public static String suggestion(String word, List<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(word, k);
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        // a third of the word may be wrong, at least one letter, at most three
        int allowed = Math.max(1, Math.min(3, word.length() / 3));
        return bestDistance <= allowed || (best != null && best.startsWith(word) && word.length() >= 3) ? best : null;
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
