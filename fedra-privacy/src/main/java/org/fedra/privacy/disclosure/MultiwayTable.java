package org.fedra.privacy.disclosure;

import java.util.Arrays;
import java.util.Objects;

/**
 * An n-way frequency table with all its margins. Cells are addressed in the <em>extended</em>
 * table, where each dimension {@code k} has one more level, {@code shape()[k]}, holding the
 * total over that dimension; an index with several total levels is a lower-order margin, and
 * all-totals is the grand total.
 */
public final class MultiwayTable {
    private final int[] shape;
    private final int[] strides;
    private final long[] extended;

    /**
     * @param shape the number of levels of each dimension, each {@code >= 1}
     * @param counts the counts in row-major order (last index fastest), non-negative
     */
    public MultiwayTable(int[] shape, long[] counts) {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(counts, "counts");
        if (shape.length == 0) {
            throw new IllegalArgumentException("a table needs at least one dimension");
        }
        long cells = 1;
        long extendedCells = 1;
        for (int k = 0; k < shape.length; k++) {
            if (shape[k] < 1) {
                throw new IllegalArgumentException("dimension " + k + " has " + shape[k] + " levels, needs >= 1");
            }
            cells *= shape[k];
            extendedCells = Math.multiplyExact(extendedCells, shape[k] + 1L);
        }
        if (counts.length != cells) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + cells + " counts, got "
                    + counts.length);
        }
        this.shape = shape.clone();
        this.strides = new int[shape.length];
        int stride = 1;
        for (int k = shape.length - 1; k >= 0; k--) {
            strides[k] = stride;
            stride *= shape[k] + 1;
        }
        this.extended = new long[Math.toIntExact(extendedCells)];
        int[] index = new int[shape.length];
        for (int flat = 0; flat < counts.length; flat++) {
            long v = counts[flat];
            if (v < 0) {
                throw new IllegalArgumentException("negative count " + v + " at cell " + Arrays.toString(index));
            }
            // add the count to the cell and to every margin above it: all 2^n ways of replacing indices by totals
            for (int mask = 0; mask < (1 << shape.length); mask++) {
                int offset = 0;
                for (int k = 0; k < shape.length; k++) {
                    offset += strides[k] * (((mask >> k) & 1) == 1 ? shape[k] : index[k]);
                }
                extended[offset] = Math.addExact(extended[offset], v);
            }
            for (int k = shape.length - 1; k >= 0; k--) { // next row-major index
                if (++index[k] < shape[k]) {
                    break;
                }
                index[k] = 0;
            }
        }
    }

    public int dimensions() {
        return shape.length;
    }

    /** The number of levels of each dimension (without the total level). */
    public int[] shape() {
        return shape.clone();
    }

    /** The number of cells of the extended table. */
    public int extendedSize() {
        return extended.length;
    }

    /** The value at an extended index ({@code index[k] == shape()[k]} means the total over dimension k). */
    public long get(int... index) {
        return extended[flatIndex(index)];
    }

    /** Whether the extended index is a margin (any total level). */
    public boolean isMargin(int... index) {
        checkIndex(index);
        for (int k = 0; k < shape.length; k++) {
            if (index[k] == shape[k]) {
                return true;
            }
        }
        return false;
    }

    int flatIndex(int[] index) {
        checkIndex(index);
        int offset = 0;
        for (int k = 0; k < shape.length; k++) {
            offset += strides[k] * index[k];
        }
        return offset;
    }

    int[] unflatten(int flat) {
        int[] index = new int[shape.length];
        for (int k = 0; k < shape.length; k++) {
            index[k] = flat / strides[k];
            flat %= strides[k];
        }
        return index;
    }

    long getFlat(int flat) {
        return extended[flat];
    }

    private void checkIndex(int[] index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("expected " + shape.length + " indices, got " + index.length);
        }
        for (int k = 0; k < shape.length; k++) {
            if (index[k] < 0 || index[k] > shape[k]) {
                throw new IndexOutOfBoundsException("index " + index[k] + " of dimension " + k
                        + " outside 0.." + shape[k] + " (" + shape[k] + " = total)");
            }
        }
    }
}
