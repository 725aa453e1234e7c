package org.llavalens.attribution;

/**
 * The token being explained: its id, its text, and how it was chosen ({@code argmax} or
 * {@code user}).
 */
public record TargetToken(int id, String text, String rule) {

    public static final String ARGMAX = "argmax";
    public static final String USER = "user";
}
