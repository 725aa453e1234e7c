package org.llavalens.ui.views;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.part.ViewPart;
import org.llavalens.analysis.explain.EmbeddingTable;
import org.llavalens.analysis.explain.PatchTables;
import org.llavalens.analysis.explain.PositionTables;
import org.llavalens.attribution.HeadId;
import org.llavalens.attribution.Similarity;
import org.llavalens.attribution.report.TokenTables;
import org.llavalens.attribution.result.TokenRow;
import org.llavalens.ui.jobs.FollowUps;
import org.llavalens.ui.jobs.PatchDetailsJob;
import org.llavalens.ui.prefs.LensPreferences;
import org.llavalens.ui.session.CaseResult;
import org.llavalens.ui.session.LensSession;
import org.llavalens.ui.session.Topic;
import org.llavalens.ui.widgets.SortableTable;
import org.llavalens.ui.widgets.SortableTable.Column;

/**
 * Token tables: the logit lens of the last position per layer, the top heads' outputs, the
 * embedding-space tokens of the visual embeddings (by dot product or cosine), for a selected patch
 * (and head) the tokens of its layer input, of what attention and MLPs wrote into it, and of the
 * head's value-output, and for a position selected in Text Positions the same per-layer tables of
 * that position. Sortable by any column; Ctrl+C copies.
 */
public final class TokenTablesView extends ViewPart {

    public static final String ID = "org.llavalens.ui.views.tokens";

    public static final String LOGIT_LENS = "Logit lens, last position, per layer";
    static final String HEAD_OUTPUTS = "Head outputs o^(l,h)";
    public static final String EMBEDDING = "Embedding space of the visual embeddings";
    /** Names of a selected position's tables, keyed by the attribution bundle's table kinds. */
    private static final Map<String, String> POSITION_TABLES = Map.of(TokenTables.LOGIT_LENS, "Logit lens x^l_j",
            TokenTables.ATTN_WRITTEN, "Attention-written", TokenTables.MLP_WRITTEN, "MLP-written");

    private LensSession session;
    private Combo chooser;
    private Combo similarityChooser;
    private Label shows;
    private Label note;
    private SortableTable<TokenRow> table;
    private final Map<String, List<TokenRow>> tables = new LinkedHashMap<>();
    private int requestedPatch = -1;
    private int requestedPosition = -1;
    /** A position was clicked: its tables are shown when they arrive (not on every later change). */
    private boolean showArrivingPosition;
    private Object requestedEmbedding;
    private Similarity similarity;

    @Override
    public void createPartControl(Composite parent) {
        session = Views.session(getSite());
        parent.setLayout(new GridLayout(2, false));
        new Label(parent, SWT.NONE).setText("Table:");
        chooser = new Combo(parent, SWT.READ_ONLY);
        chooser.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        chooser.addListener(SWT.Selection, e -> showTable());
        new Label(parent, SWT.NONE).setText("Embedding similarity:");
        similarityChooser = new Combo(parent, SWT.READ_ONLY);
        for (String[] s : LensPreferences.SIMILARITIES) {
            similarityChooser.add(s[0]);
        }
        similarityChooser.addListener(SWT.Selection,
                e -> setSimilarity(Similarity.parse(LensPreferences.SIMILARITIES[similarityChooser
                        .getSelectionIndex()][1])));
        similarity = preferredSimilarity();
        similarityChooser.select(similarity.ordinal());
        shows = new Label(parent, SWT.WRAP);
        shows.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        note = new Label(parent, SWT.WRAP);
        note.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        Composite holder = new Composite(parent, SWT.NONE);
        holder.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1));
        holder.setLayout(new org.eclipse.swt.layout.FillLayout());
        table = new SortableTable<>(holder, List.of(
                new Column<TokenRow>("Vector", TokenRow::vector, Comparator.comparing(TokenRow::vector, TokenTablesView::natural), 130),
                new Column<TokenRow>("Rank", r -> Integer.toString(r.rank()), Comparator.comparingInt(TokenRow::rank), 50),
                new Column<TokenRow>("Token", TokenRow::text, Comparator.comparing(TokenRow::text), 110),
                new Column<TokenRow>("Id", r -> Integer.toString(r.id()), Comparator.comparingInt(TokenRow::id), 60),
                new Column<TokenRow>("Score", r -> String.format(Locale.ROOT, "%.4f", r.score()),
                        Comparator.comparingDouble(TokenRow::score), 80)));
        Views.listen(session, chooser, this::changed);
        changed(Topic.RESULT);
    }

    /** Orders "layer 10" after "layer 9". */
    static int natural(String a, String b) {
        String da = a.replaceAll("\\D+", " ").trim();
        String db = b.replaceAll("\\D+", " ").trim();
        String pa = a.replaceAll("\\d+", "#");
        String pb = b.replaceAll("\\d+", "#");
        if (pa.equals(pb) && !da.isEmpty() && !db.isEmpty()) {
            String[] xa = da.split(" ");
            String[] xb = db.split(" ");
            for (int i = 0; i < Math.min(xa.length, xb.length); i++) {
                int c = Long.compare(Long.parseLong(xa[i]), Long.parseLong(xb[i]));
                if (c != 0) {
                    return c;
                }
            }
        }
        return a.compareTo(b);
    }

    private static Similarity preferredSimilarity() {
        try {
            return Similarity.parse(LensPreferences.get(LensPreferences.SIMILARITY));
        } catch (IllegalArgumentException e) {
            return Similarity.DOT;
        }
    }

    /** Scores the visual embeddings against the vocabulary by {@code s} (a job when it is not the analysis's dot). */
    public void setSimilarity(Similarity s) {
        similarity = s;
        similarityChooser.select(s.ordinal());
        requestEmbedding();
        rebuild();
    }

    public Similarity similarity() {
        return similarity;
    }

    private void changed(Topic topic) {
        if (topic == Topic.RESULT || topic == Topic.CASE) {
            requestEmbedding();
        }
        if (topic == Topic.POSITION || topic == Topic.RESULT) {
            requestPosition();
        }
        if (topic == Topic.CASE) {
            requestedPosition = -1;
        }
        PositionTables p = session.positionDetails();
        if (topic == Topic.POSITION && showArrivingPosition && p != null && p.position() == session.selectedPosition()) {
            showArrivingPosition = false;
            rebuild();
            show(positionName(p, TokenTables.LOGIT_LENS));
            return;
        }
        if (topic == Topic.PATCHES) {
            requestDetails();
        }
        if (topic == Topic.HEAD) {
            requestedPatch = -1;
            requestDetails();
        }
        rebuild();
    }

    private void requestDetails() {
        Set<Integer> patches = session.selectedPatches();
        CaseResult r = session.result();
        if (patches.isEmpty() || r == null || session.currentCase() == null) {
            return;
        }
        int patch = patches.iterator().next();
        PatchTables d = session.patchDetails();
        if (d != null && d.patch() == patch || patch == requestedPatch) {
            return;
        }
        requestedPatch = patch;
        HeadId head = session.selectedHead();
        new PatchDetailsJob(session, session.currentCase(), patch, head).schedule();
    }

    private void requestPosition() {
        int j = session.selectedPosition();
        CaseResult r = session.result();
        if (j < 0 || r == null || session.currentCase() == null || j == requestedPosition
                || session.positionDetails() != null && session.positionDetails().position() == j) {
            return;
        }
        requestedPosition = j;
        showArrivingPosition = true;
        FollowUps.position(session, session.currentCase(), j).schedule();
    }

    /** The analysis scored the patches by dot product; any other similarity is computed once per result. */
    private void requestEmbedding() {
        CaseResult r = session.result();
        if (similarity == Similarity.DOT || r == null || session.currentCase() == null
                || r.main().provenance().imageSpan() == null) {
            return;
        }
        EmbeddingTable e = session.embeddingTable();
        if (e != null && e.similarity() == similarity) {
            return;
        }
        Object key = List.of(r.main(), similarity);
        if (key.equals(requestedEmbedding)) {
            return;
        }
        requestedEmbedding = key;
        FollowUps.embedding(session, session.currentCase(), similarity).schedule();
    }

    private List<TokenRow> embeddingRows(Map<String, List<TokenRow>> t) {
        if (similarity == Similarity.DOT) {
            return t.getOrDefault(TokenTables.EMBED_PROJ, List.of());
        }
        EmbeddingTable e = session.embeddingTable();
        return e != null && e.similarity() == similarity ? e.rows() : List.of();
    }

    public static String positionName(PositionTables d, String kind) {
        return "Position " + d.position() + ": " + POSITION_TABLES.get(kind);
    }

    private void rebuild() {
        String selected = chooser.getText();
        tables.clear();
        CaseResult r = session.result();
        if (r != null && r.main().tokenTables() != null) {
            Map<String, List<TokenRow>> t = r.main().tokenTables();
            tables.put(LOGIT_LENS, t.getOrDefault(TokenTables.LOGIT_LENS, List.of()));
            HeadId head = session.selectedHead();
            List<TokenRow> heads = t.getOrDefault(TokenTables.HEAD_OUTPUTS, List.of());
            if (head != null) {
                String name = "o^(" + head.layer() + "," + head.head() + ")";
                List<TokenRow> mine = heads.stream().filter(row -> row.vector().equals(name)).toList();
                heads = mine.isEmpty() ? heads : mine;
            }
            tables.put(HEAD_OUTPUTS, heads);
            List<TokenRow> embed = embeddingRows(t);
            Set<Integer> patches = session.selectedPatches();
            if (!patches.isEmpty()) {
                List<TokenRow> mine = new ArrayList<>();
                for (TokenRow row : embed) {
                    for (int p : patches) {
                        if (row.vector().equals("patch " + p)) {
                            mine.add(row);
                        }
                    }
                }
                embed = mine;
            }
            tables.put(EMBEDDING, embed);
        }
        PatchTables d = session.patchDetails();
        if (d != null) {
            d.tables().forEach((name, rows) -> tables.put("Patch " + d.patch() + ": " + name, rows));
        }
        PositionTables p = session.positionDetails();
        if (p != null) {
            for (String kind : List.of(TokenTables.LOGIT_LENS, TokenTables.ATTN_WRITTEN, TokenTables.MLP_WRITTEN)) {
                tables.put(positionName(p, kind), p.tables().getOrDefault(TokenTables.positionTable(kind, p.position()),
                        List.of()));
            }
        }
        chooser.setItems(tables.keySet().toArray(String[]::new));
        int index = chooser.indexOf(selected);
        chooser.select(index >= 0 ? index : 0);
        showTable();
    }

    private void showTable() {
        List<TokenRow> rows = tables.getOrDefault(chooser.getText(), List.of());
        table.setRows(rows);
        shows.setText(showing(chooser.getText()));
        if (session.result() == null) {
            note.setText("No result: analyse a case.");
        } else if (session.selectedPosition() >= 0 && session.positionDetails() == null) {
            note.setText("Computing the tokens of position " + session.selectedPosition() + "\u2026");
        } else if (chooser.getText().equals(EMBEDDING) && rows.isEmpty()
                && similarity != Similarity.DOT) {
            note.setText("Computing the embedding-space tokens by cosine\u2026");
        } else if (session.selectedPatches().isEmpty()) {
            note.setText("Select a patch on the canvas for its per-layer tokens; click a head for its own.");
        } else {
            note.setText(session.patchDetails() == null ? "Computing the tokens of the selected patch\u2026" : "");
        }
        note.getParent().layout();
    }

    /** Which vector the shown table reads, in words. */
    private String showing(String name) {
        PositionTables p = session.positionDetails();
        if (session.result() == null || name.isEmpty()) {
            return "";
        }
        if (p != null && name.startsWith("Position " + p.position() + ":")) {
            return "Showing " + p.label();
        }
        if (name.equals(EMBEDDING)) {
            return "Showing the visual embeddings, by " + (similarity == Similarity.DOT
                    ? "dot product" : "cosine similarity") + " with the input embeddings";
        }
        if (name.equals(LOGIT_LENS) || name.equals(HEAD_OUTPUTS)) {
            return "Showing the last position";
        }
        return name.startsWith("Patch ") ? "Showing " + name.substring(0, name.indexOf(':')).toLowerCase(Locale.ROOT)
                : "";
    }

    /** What the heading says about the shown table's position. */
    public String showingText() {
        return shows.getText();
    }

    /** Shows the named table (for tests and links from other views). */
    public void show(String name) {
        int i = chooser.indexOf(name);
        if (i >= 0) {
            chooser.select(i);
            showTable();
        }
    }

    /** The name of the table shown now. */
    public String shownTable() {
        return chooser.getText();
    }

    public List<String> tableNames() {
        return List.of(chooser.getItems());
    }

    public SortableTable<TokenRow> table() {
        return table;
    }

    @Override
    public void setFocus() {
        chooser.setFocus();
    }
}
