/** The built-in methods, contributed through the same extension point as any plug-in's. */
package org.llavalens.attribution.method.builtin;
