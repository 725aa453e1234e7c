/** Import of questions (CSV, JSON Lines, POPE) and export of labelled cases (CSV, JSON Lines, COCO, Label Studio). */
package org.llavalens.annotation.io;
