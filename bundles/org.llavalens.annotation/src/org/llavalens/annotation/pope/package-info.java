/** POPE (Li et al., 2023): the answer file its evaluation reads, and its metrics per split. */
package org.llavalens.annotation.pope;
