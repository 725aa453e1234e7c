/** One analysed case end to end: methods, token tables, the result record, and its folder with report.html. */
package org.llavalens.attribution.report;
