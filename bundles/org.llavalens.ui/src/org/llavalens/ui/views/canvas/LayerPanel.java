package org.llavalens.ui.views.canvas;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Scale;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.llavalens.ui.prefs.LensPreferences;

/**
 * The canvas's layer list: a check box per layer, and for the selected layer its opacity and
 * color map; plus the patch grid switch and the choice of heads the log-increase map sums. Remembers each layer's style by id across cases.
 */
public final class LayerPanel extends Composite {

    private final Table table;
    private final Scale opacity;
    private final Combo colormap;
    private final Button grid;
    private final AggregationControl aggregation;
    private final Map<String, LayerStyle> styles = new LinkedHashMap<>();
    private List<LayerSource> sources = List.of();
    private Consumer<Map<String, LayerStyle>> onChange = s -> { };
    private Consumer<Boolean> onGrid = g -> { };

    public LayerPanel(Composite parent) {
        super(parent, SWT.NONE);
        setLayout(new GridLayout(2, false));
        Label title = new Label(this, SWT.NONE);
        title.setText("Layers");
        title.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        table = new Table(this, SWT.CHECK | SWT.BORDER | SWT.SINGLE | SWT.FULL_SELECTION);
        table.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1));
        table.addListener(SWT.Selection, e -> {
            if (e.detail == SWT.CHECK && e.item instanceof TableItem item) {
                String id = (String) item.getData();
                styles.put(id, styles.get(id).withVisible(item.getChecked()));
                fire();
            }
            showSelected();
        });
        new Label(this, SWT.NONE).setText("Opacity:");
        opacity = new Scale(this, SWT.HORIZONTAL);
        opacity.setMinimum(0);
        opacity.setMaximum(255);
        opacity.setPageIncrement(32);
        opacity.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        opacity.addListener(SWT.Selection, e -> update(s -> s.withOpacity(opacity.getSelection())));
        new Label(this, SWT.NONE).setText("Colour map:");
        colormap = new Combo(this, SWT.READ_ONLY);
        for (String[] c : LensPreferences.COLORMAPS) {
            colormap.add(c[1]);
        }
        colormap.addListener(SWT.Selection, e -> update(s -> s.withColormap(colormap.getText())));
        grid = new Button(this, SWT.CHECK);
        grid.setText("Patch &grid");
        grid.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        grid.addListener(SWT.Selection, e -> onGrid.accept(grid.getSelection()));
        aggregation = new AggregationControl(this);
        aggregation.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
    }

    /** The choice of heads summed into the log-increase layer. */
    public AggregationControl aggregation() {
        return aggregation;
    }

    public void onChange(Consumer<Map<String, LayerStyle>> listener) {
        onChange = listener;
    }

    public void onGrid(Consumer<Boolean> listener) {
        onGrid = listener;
    }

    public void setGrid(boolean on) {
        grid.setSelection(on);
    }

    /** Shows these layers; new ones get a default style (only the first one visible). */
    public void setSources(List<LayerSource> value) {
        sources = value;
        String defaultMap = LensPreferences.get(LensPreferences.COLORMAP);
        boolean anyVisible = sources.stream().anyMatch(s -> styles.containsKey(s.id()) && styles.get(s.id()).visible());
        for (LayerSource s : sources) {
            if (!styles.containsKey(s.id())) {
                boolean visible = !anyVisible || CanvasLayers.HEAD_LAYER.equals(s.id());
                anyVisible |= visible;
                styles.put(s.id(), new LayerStyle(visible, 150, s.signed() ? "diverging" : defaultMap));
            }
        }
        String selected = table.getSelectionCount() == 1 ? (String) table.getSelection()[0].getData() : null;
        table.removeAll();
        for (LayerSource s : sources) {
            TableItem item = new TableItem(table, SWT.NONE);
            item.setText(s.label());
            item.setData(s.id());
            item.setChecked(styles.get(s.id()).visible());
            if (s.id().equals(selected)) {
                table.setSelection(item);
            }
        }
        if (table.getSelectionCount() == 0 && table.getItemCount() > 0) {
            table.setSelection(0);
        }
        showSelected();
    }

    /** Turns a layer on (e.g. the head map when a head is clicked). */
    public void show(String id) {
        LayerStyle s = styles.get(id);
        if (s != null && !s.visible()) {
            styles.put(id, s.withVisible(true));
            for (TableItem item : table.getItems()) {
                if (id.equals(item.getData())) {
                    item.setChecked(true);
                }
            }
        }
    }

    /** The legend of each layer, as listed. */
    public List<String> labels() {
        return sources.stream().map(LayerSource::label).toList();
    }

    public Map<String, LayerStyle> styles() {
        return styles;
    }

    public void setStyle(String id, LayerStyle style) {
        styles.put(id, style);
        setSources(sources);
        fire();
    }

    private void showSelected() {
        boolean has = table.getSelectionCount() == 1;
        opacity.setEnabled(has);
        colormap.setEnabled(has);
        if (has) {
            LayerStyle s = styles.get((String) table.getSelection()[0].getData());
            opacity.setSelection(s.opacity());
            colormap.setText(s.colormap());
        }
    }

    private void update(java.util.function.UnaryOperator<LayerStyle> change) {
        if (table.getSelectionCount() == 1) {
            String id = (String) table.getSelection()[0].getData();
            styles.put(id, change.apply(styles.get(id)));
            fire();
        }
    }

    private void fire() {
        onChange.accept(styles);
    }
}
