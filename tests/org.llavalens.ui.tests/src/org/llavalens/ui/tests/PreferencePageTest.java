package org.llavalens.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.jface.preference.PreferenceDialog;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.dialogs.PreferencesUtil;
import org.junit.jupiter.api.Test;
import org.llavalens.ui.prefs.LensPreferencePage;
import org.llavalens.ui.prefs.LensPreferences;

/** Window > Preferences > LLaVA Lens shows the stored model folders and the choices, and stores edits. */
class PreferencePageTest {

    @Test
    void thePageShowsTheModelFoldersAndStoresAChange() throws Exception {
        UiTestSupport.workbench();
        String before = LensPreferences.store().getString(LensPreferences.LLAVA_FOLDER);
        try {
            PreferenceDialog dialog = UiTestSupport.onUi(() -> {
                PreferenceDialog d = PreferencesUtil.createPreferenceDialogOn(
                        PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell(), LensPreferencePage.ID,
                        new String[] { LensPreferencePage.ID }, null);
                d.setBlockOnOpen(false);
                d.open();
                return d;
            });
            UiTestSupport.settle(300);
            List<Text> texts = UiTestSupport.onUi(() -> collect(dialog.getShell(), Text.class));
            List<Combo> combos = UiTestSupport.onUi(() -> collect(dialog.getShell(), Combo.class));
            assertTrue(UiTestSupport.onUi(() -> texts.stream().anyMatch(t -> t.getText().equals(before))),
                    "the LLaVA folder field does not show " + before);
            assertTrue(combos.size() >= 5, "device, method, heads, normalisation and colour map choosers: " + combos.size());
            assertTrue(UiTestSupport.onUi(() -> combos.stream().anyMatch(c -> List.of(c.getItems()).contains("Hot"))),
                    "no colour map chooser");
            List<String> kernels = java.util.Arrays.stream(org.llavalens.attribution.render.Interpolation.values())
                    .map(org.llavalens.attribution.render.Interpolation::label).toList();
            assertTrue(UiTestSupport.onUi(() -> combos.stream().anyMatch(c -> List.of(c.getItems()).containsAll(kernels))),
                    "no heatmap interpolation chooser naming " + kernels);
            UiTestSupport.screenshot(UiTestSupport.onUi(dialog::getShell), "dialog-preferences");
            Text llava = UiTestSupport.onUi(() -> texts.stream().filter(t -> t.getText().equals(before)).findFirst()
                    .orElseThrow());
            UiTestSupport.onUi(() -> llava.setText("/models/elsewhere/llava"));
            // the method deadline (seconds): a preference that reaches every analysis's method runner
            Text deadline = UiTestSupport.onUi(() -> texts.stream().filter(t -> t.getText().equals("120")).findFirst()
                    .orElseThrow());
            UiTestSupport.onUi(() -> deadline.setText("7"));
            UiTestSupport.onUi(() -> {
                // the OK button (Apply and Close), pressed as a user would
                org.eclipse.swt.widgets.Button ok = collect(dialog.getShell(), org.eclipse.swt.widgets.Button.class).stream()
                        .filter(b -> Integer.valueOf(org.eclipse.jface.dialogs.IDialogConstants.OK_ID).equals(b.getData()))
                        .findFirst().orElseThrow();
                ok.notifyListeners(org.eclipse.swt.SWT.Selection, new org.eclipse.swt.widgets.Event());
            });
            UiTestSupport.settle(200);
            assertEquals("/models/elsewhere/llava", LensPreferences.store().getString(LensPreferences.LLAVA_FOLDER));
            assertNotNull(LensPreferences.llavaFolder());
            assertEquals(java.time.Duration.ofSeconds(7), org.llavalens.attribution.method.MethodRunner.processDeadline());
        } finally {
            LensPreferences.store().setToDefault(LensPreferences.METHOD_DEADLINE);
            LensPreferences.store().setValue(LensPreferences.LLAVA_FOLDER, before);
        }
    }

    private static <T extends Control> List<T> collect(Control c, Class<T> type) {
        List<T> out = new ArrayList<>();
        if (type.isInstance(c)) {
            out.add(type.cast(c));
        }
        if (c instanceof Composite comp) {
            for (Control child : comp.getChildren()) {
                out.addAll(collect(child, type));
            }
        }
        return out;
    }
}
