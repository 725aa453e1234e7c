package org.llavalens.annotation.io.export;

import java.util.List;

import org.llavalens.annotation.model.CauseLabel;

/**
 * The labeling config written beside a Label Studio export, so the tasks import without typing a
 * config: every {@code from_name}/{@code to_name} the export uses is a tag here, and each cause is a
 * {@code Choice} whose value is the label's stable id (renaming a label does not break it) with its
 * display name as the hint.
 */
public final class LabelStudioConfig {

    /** The image the labels are about ({@code to_name} of every result). */
    public static final String IMAGE = "image";
    /** The cause choices ({@code from_name} of the labels). */
    public static final String CAUSE = "cause";
    /** The annotator's free-text note. */
    public static final String NOTE = "note";
    /** Predictions: the model's answer and its top heads. */
    public static final String MODEL_ANSWER = "model_answer";
    public static final String TOP_HEADS = "top_heads";

    private LabelStudioConfig() {
    }

    public static String xml(List<CauseLabel> labels) {
        StringBuilder b = new StringBuilder();
        b.append("<View>\n");
        b.append("  <Header value=\"$question\"/>\n");
        b.append("  <Image name=\"").append(IMAGE).append("\" value=\"$image\"/>\n");
        b.append("  <Choices name=\"").append(CAUSE).append("\" toName=\"").append(IMAGE)
                .append("\" choice=\"single\" showInline=\"false\">\n");
        for (CauseLabel l : labels) {
            String hint = l.isRetired() ? l.getName() + " (retired)" : l.getName();
            b.append("    <Choice value=\"").append(attr(l.getId())).append("\" hint=\"").append(attr(hint))
                    .append("\"/>\n");
        }
        b.append("  </Choices>\n");
        b.append("  <TextArea name=\"").append(NOTE).append("\" toName=\"").append(IMAGE)
                .append("\" placeholder=\"note\" rows=\"2\" maxSubmissions=\"1\"/>\n");
        b.append("  <TextArea name=\"").append(MODEL_ANSWER).append("\" toName=\"").append(IMAGE)
                .append("\" readonly=\"true\" rows=\"1\"/>\n");
        b.append("  <TextArea name=\"").append(TOP_HEADS).append("\" toName=\"").append(IMAGE)
                .append("\" readonly=\"true\" rows=\"5\"/>\n");
        b.append("</View>\n");
        return b.toString();
    }

    static String attr(String s) {
        return s.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("'", "&apos;");
    }
}
