package org.llavalens.annotation.io;

/**
 * One question as read from a question file, before it is checked and becomes a case.
 *
 * @param line the line it starts on (for a JSON array: the item's number, from 1)
 */
record QuestionRow(int line, String id, String image, String question, String expected, String prefix,
        String modelAnswer, String targetToken) {

    /** The same question again, as in an export's one row per label: not a duplicate but a repeat. */
    boolean repeats(QuestionRow other) {
        return java.util.Objects.equals(image, other.image) && java.util.Objects.equals(question, other.question);
    }
}
