/**
 * Self-describing results: provenance (model, weights hash, prompt, ids, image hash, crop), target token,
 * display settings and every method's raw arrays, saved and loaded as JSON and replayable.
 */
package org.llavalens.attribution.result;
