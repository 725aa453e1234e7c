/** Attribution methods over a forward trace: log-probability increase, baselines, projections. */
package org.llavalens.attribution;
