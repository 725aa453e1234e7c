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
import org.llavalens.attribution.HeadId;
import org.llavalens.attribution.report.TokenTables;
import org.llavalens.attribution.result.TokenRow;
import org.llavalens.ui.jobs.PatchDetailsJob;
import org.llavalens.ui.session.CaseResult;
import org.llavalens.ui.session.LensSession;
import org.llavalens.ui.session.PatchDetails;
import org.llavalens.ui.session.Topic;
import org.llavalens.ui.widgets.SortableTable;
import org.llavalens.ui.widgets.SortableTable.Column;

/**
 * Token tables: the logit lens of the last position per layer, the top heads' outputs, the
 * embedding-space tokens of the visual embeddings, and for a selected patch (and head) the tokens
 * of its layer input, of what attention and MLPs wrote into it, and of the head's value-output.
 * Sortable by any column; Ctrl+C copies.
 */
public final class TokenTablesView extends ViewPart {

    public static final String ID = "org.llavalens.ui.views.tokens";

    static final String LOGIT_LENS = "Logit lens, last position, per layer";
    static final String HEAD_OUTPUTS = "Head outputs o^(l,h)";
    static final String EMBEDDING = "Embedding space of the visual embeddings";

    private LensSession session;
    private Combo chooser;
    private Label note;
    private SortableTable<TokenRow> table;
    private final Map<String, List<TokenRow>> tables = new LinkedHashMap<>();
    private int requestedPatch = -1;

    @Override
    public void createPartControl(Composite parent) {
        session = Views.session(getSite());
        parent.setLayout(new GridLayout(2, false));
        new Label(parent, SWT.NONE).setText("Table:");
        chooser = new Combo(parent, SWT.READ_ONLY);
        chooser.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        chooser.addListener(SWT.Selection, e -> showTable());
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

    private void changed(Topic topic) {
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
        PatchDetails d = session.patchDetails();
        if (d != null && d.patch() == patch || patch == requestedPatch) {
            return;
        }
        requestedPatch = patch;
        HeadId head = session.selectedHead();
        new PatchDetailsJob(session, session.currentCase(), patch, head).schedule();
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
            List<TokenRow> embed = t.getOrDefault(TokenTables.EMBED_PROJ, List.of());
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
        PatchDetails d = session.patchDetails();
        if (d != null) {
            d.tables().forEach((name, rows) -> tables.put("Patch " + d.patch() + ": " + name, rows));
        }
        chooser.setItems(tables.keySet().toArray(String[]::new));
        int index = chooser.indexOf(selected);
        chooser.select(index >= 0 ? index : 0);
        showTable();
    }

    private void showTable() {
        List<TokenRow> rows = tables.getOrDefault(chooser.getText(), List.of());
        table.setRows(rows);
        if (session.result() == null) {
            note.setText("No result: analyse a case.");
        } else if (session.selectedPatches().isEmpty()) {
            note.setText("Select a patch on the canvas for its per-layer tokens; click a head for its own.");
        } else {
            note.setText(session.patchDetails() == null ? "Computing the tokens of the selected patch\u2026" : "");
        }
        note.getParent().layout();
    }

    /** Shows the named table (for tests and links from other views). */
    public void show(String name) {
        int i = chooser.indexOf(name);
        if (i >= 0) {
            chooser.select(i);
            showTable();
        }
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
