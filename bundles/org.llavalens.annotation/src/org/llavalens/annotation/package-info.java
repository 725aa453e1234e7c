/** The annotation model: projects, datasets, cases, labels and their evidence. */
package org.llavalens.annotation;
