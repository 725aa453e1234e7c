/** One class per export format (Label Studio, COCO, ...) and the case fields they share. */
package org.llavalens.annotation.io.export;
