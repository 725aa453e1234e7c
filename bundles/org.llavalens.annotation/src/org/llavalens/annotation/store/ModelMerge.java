package org.llavalens.annotation.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.eclipse.emf.common.util.EList;
import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.util.EcoreUtil;

/**
 * A three-way merge of one project file, as Git merges text but by element: {@code base} is the
 * version this process last read or wrote, {@code ours} the live model (changed in place),
 * {@code theirs} what another process saved since. A change made on one side only is taken; the
 * same change on both sides is one change; different changes of one thing are a conflict, where
 * ours is kept (theirs survives in the conflict copy the caller writes).
 *
 * <p>Elements are matched by key ({@code id}, an annotation's {@code caseId}, an attribute's
 * {@code key}); containers (project, taxonomy, dataset, case, sheet, cause label) merge attribute by
 * attribute, the rest (a label given, a review entry, a result link) are atomic values: a label is
 * never made of one person's cause and another's confidence.
 */
public final class ModelMerge {

    /** Classes merged attribute by attribute; every other class is one value. */
    private static final Set<String> CONTAINERS = Set.of("Project", "Taxonomy", "Dataset", "Case", "Sheet",
            "CauseLabel");
    private static final List<String> KEYS = List.of("id", "caseId", "key");

    private final List<String> conflicts = new ArrayList<>();

    private ModelMerge() {
    }

    /**
     * Merges {@code theirs} into {@code ours}.
     *
     * @param base null when this process never saw the file (both created it)
     * @return what could not be merged (ours kept), one short phrase each; empty when all merged
     */
    public static List<String> merge(EObject base, EObject ours, EObject theirs) {
        ModelMerge m = new ModelMerge();
        m.container(base, ours, theirs, describe(ours));
        return m.conflicts;
    }

    private static String key(EObject o) {
        for (String k : KEYS) {
            EStructuralFeature f = o.eClass().getEStructuralFeature(k);
            if (f instanceof EAttribute) {
                return String.valueOf(o.eGet(f));
            }
        }
        return null;
    }

    private static String describe(EObject o) {
        String k = key(o);
        return o.eClass().getName() + (k == null ? "" : " " + k);
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof EObject x && b instanceof EObject y) {
            return EcoreUtil.equals(x, y);
        }
        if (a == null || b == null) {
            return a == b;
        }
        return Objects.equals(a, b);
    }

    private void container(EObject base, EObject ours, EObject theirs, String where) {
        for (EStructuralFeature f : ours.eClass().getEAllStructuralFeatures()) {
            if (f.isDerived() || f.isTransient() || !f.isChangeable()) {
                continue;
            }
            Object o = ours.eGet(f);
            Object t = theirs.eGet(f);
            Object b = base == null ? null : base.eGet(f);
            if (f instanceof EReference r && r.isContainment()) {
                if (r.isMany()) {
                    @SuppressWarnings("unchecked")
                    EList<EObject> ol = (EList<EObject>) o;
                    @SuppressWarnings("unchecked")
                    List<EObject> tl = (List<EObject>) t;
                    @SuppressWarnings("unchecked")
                    List<EObject> bl = base == null ? List.of() : (List<EObject>) b;
                    if (!tl.isEmpty() && key(tl.get(0)) != null || !ol.isEmpty() && key(ol.get(0)) != null) {
                        keyedList(bl, ol, tl, where);
                    } else {
                        valueList(bl, ol, tl);
                    }
                } else if (o instanceof EObject oc && t instanceof EObject tc && CONTAINERS.contains(oc.eClass().getName())) {
                    container((EObject) b, oc, tc, where);
                } else {
                    value(ours, f, b, o, t, where + " " + f.getName());
                }
            } else if (f instanceof EAttribute) {
                value(ours, f, b, o, t, where + " " + f.getName());
            }
        }
    }

    /** One value, three versions: take the side that changed; both changed differently is a conflict. */
    private void value(EObject ours, EStructuralFeature f, Object b, Object o, Object t, String what) {
        if (same(o, t) || same(t, b)) {
            return;
        }
        if (same(o, b)) {
            ours.eSet(f, t instanceof EObject te ? EcoreUtil.copy(te) : t);
        } else {
            conflicts.add(what);
        }
    }

    private static Map<String, EObject> byKey(List<EObject> list) {
        Map<String, EObject> m = new LinkedHashMap<>();
        for (EObject e : list) {
            m.put(key(e), e);
        }
        return m;
    }

    private void keyedList(List<EObject> base, EList<EObject> ours, List<EObject> theirs, String where) {
        Map<String, EObject> b = byKey(base);
        Map<String, EObject> o = byKey(ours);
        Map<String, EObject> t = byKey(theirs);
        for (Map.Entry<String, EObject> e : o.entrySet()) {
            EObject oe = e.getValue();
            EObject te = t.get(e.getKey());
            EObject be = b.get(e.getKey());
            if (te != null) {
                if (CONTAINERS.contains(oe.eClass().getName())) {
                    container(be, oe, te, describe(oe));
                } else if (!same(oe, te) && !same(te, be)) {
                    if (same(oe, be)) {
                        EcoreUtil.replace(oe, EcoreUtil.copy(te));
                    } else {
                        conflicts.add(describe(oe));
                    }
                }
            } else if (be != null) {
                // they removed it: follow unless we changed it since
                if (same(oe, be)) {
                    ours.remove(oe);
                } else {
                    conflicts.add(describe(oe) + " (removed there, changed here)");
                }
            }
        }
        for (Map.Entry<String, EObject> e : t.entrySet()) {
            if (o.containsKey(e.getKey())) {
                continue;
            }
            EObject be = b.get(e.getKey());
            if (be == null) {
                ours.add(EcoreUtil.copy(e.getValue()));
            } else if (!same(be, e.getValue())) {
                conflicts.add(describe(e.getValue()) + " (removed here, changed there)");
            }
        }
    }

    /** Unkeyed elements (review entries): an append-mostly history, merged as a multiset of values. */
    private static void valueList(List<EObject> base, EList<EObject> ours, List<EObject> theirs) {
        for (EObject te : theirs) {
            if (!contains(base, te) && !contains(ours, te)) {
                ours.add(EcoreUtil.copy(te));
            }
        }
        for (EObject be : base) {
            if (!contains(theirs, be)) {
                for (EObject oe : List.copyOf(ours)) {
                    if (same(oe, be)) {
                        ours.remove(oe);
                        break;
                    }
                }
            }
        }
    }

    private static boolean contains(List<EObject> list, EObject e) {
        for (EObject x : list) {
            if (same(x, e)) {
                return true;
            }
        }
        return false;
    }
}
