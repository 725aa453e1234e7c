package org.llavalens.ui.prefs;

import org.eclipse.jface.preference.ComboFieldEditor;
import org.eclipse.jface.preference.DirectoryFieldEditor;
import org.eclipse.jface.preference.FieldEditorPreferencePage;
import org.eclipse.jface.preference.IntegerFieldEditor;
import org.eclipse.jface.preference.RadioGroupFieldEditor;
import org.eclipse.jface.preference.StringFieldEditor;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPreferencePage;

/** Window > Preferences > LLaVA Lens. */
public final class LensPreferencePage extends FieldEditorPreferencePage implements IWorkbenchPreferencePage {

    public static final String ID = "org.llavalens.ui.preferences";

    public LensPreferencePage() {
        super(GRID);
        setDescription("Models and how results are shown. Model folders hold a Hugging Face layout "
                + "(config.json, *.safetensors, tokenizer.json); the defaults are the demo models. With a model host, "
                + "the folders' names are the host's model ids.");
    }

    @Override
    public void init(IWorkbench workbench) {
        setPreferenceStore(LensPreferences.store());
    }

    @Override
    protected void createFieldEditors() {
        var parent = getFieldEditorParent();
        addField(new DirectoryFieldEditor(LensPreferences.LLAVA_FOLDER, "&LLaVA model folder:", parent));
        addField(new DirectoryFieldEditor(LensPreferences.VICUNA_FOLDER, "&Vicuna model folder:", parent));
        addField(new RadioGroupFieldEditor(LensPreferences.MODEL_HOST, "Models &run on:", 1,
                LensPreferences.MODEL_HOSTS, parent));
        addField(new StringFieldEditor(LensPreferences.SERVER_URL, "Model host &URL:", parent));
        StringFieldEditor token = new StringFieldEditor(LensPreferences.SERVER_TOKEN, "Model host &token:", parent);
        token.getTextControl(parent).setEchoChar('*');
        addField(token);
        addField(new ComboFieldEditor(LensPreferences.DEVICE, "&Device:", LensPreferences.DEVICES, parent));
        addField(new ComboFieldEditor(LensPreferences.PRECISION, "&Precision:", LensPreferences.PRECISIONS, parent));
        addField(new ComboFieldEditor(LensPreferences.METHOD, "Default &method:", MethodChoices.entries(), parent));
        addField(new ComboFieldEditor(LensPreferences.HEADS, "&Heads for the image map:",
                LensPreferences.HEAD_AGGREGATIONS, parent));
        addField(new ComboFieldEditor(LensPreferences.NORMALIZATION, "&Normalisation:", LensPreferences.NORMALIZATIONS,
                parent));
        addField(new ComboFieldEditor(LensPreferences.COLORMAP, "&Colour map:", LensPreferences.COLORMAPS, parent));
        addField(new ComboFieldEditor(LensPreferences.INTERPOLATION, "Heatmap &interpolation:",
                LensPreferences.INTERPOLATIONS, parent));
        addField(new ComboFieldEditor(LensPreferences.SIMILARITY, "&Embedding-space similarity:",
                LensPreferences.SIMILARITIES, parent));
        addField(new StringFieldEditor(LensPreferences.ANNOTATOR, "&Annotator name:", parent));
        IntegerFieldEditor deadline = new IntegerFieldEditor(LensPreferences.METHOD_DEADLINE,
                "Method &deadline (seconds):", parent);
        deadline.setValidRange(1, 24 * 3600);
        addField(deadline);
    }
}
