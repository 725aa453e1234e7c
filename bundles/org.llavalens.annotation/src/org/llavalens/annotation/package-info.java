/**
 * Annotation projects: {@link org.llavalens.annotation.AnnotationProject} (open, save, recover, autosave),
 * {@link org.llavalens.annotation.LabelService} (the undoable operations the UI calls), the default
 * taxonomy, review states, status counts and result attachments. The EMF model is in
 * {@code org.llavalens.annotation.model} (generated from {@code model/annotation.ecore}).
 */
package org.llavalens.annotation;
