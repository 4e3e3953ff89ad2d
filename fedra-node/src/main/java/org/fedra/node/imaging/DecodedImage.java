package org.fedra.node.imaging;

/**
 * One decoded single-channel image in real-world units (stored values times rescale slope plus intercept, e.g.
 * Hounsfield units for CT), with what is needed to display and resample it.
 *
 * @param rows           rows
 * @param columns        columns
 * @param values         {@code rows*columns} values, row-major
 * @param rowSpacing     mm between rows (1 when the file gives none)
 * @param columnSpacing  mm between columns
 * @param windowCenter   the file's window centre, NaN when absent
 * @param windowWidth    the file's window width, NaN when absent
 * @param inverted       MONOCHROME1: low values are displayed white
 */
public record DecodedImage(int rows, int columns, float[] values, double rowSpacing, double columnSpacing, double windowCenter,
                           double windowWidth, boolean inverted) {
    public DecodedImage {
        if (rows < 1 || columns < 1 || values.length != rows * columns) {
            throw new IllegalArgumentException("a " + rows + "x" + columns + " image cannot hold " + values.length + " values");
        }
    }
}
