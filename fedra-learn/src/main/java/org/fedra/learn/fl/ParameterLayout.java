package org.fedra.learn.fl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;

/**
 * The named tensors a model's flat parameter vector holds, in order, each in row-major order. This is what lets
 * parameters travel and be exported as shaped tensors rather than as one anonymous array.
 *
 * @param tensors the tensors, in the order of the flat vector
 */
public record ParameterLayout(List<TensorShape> tensors) {
    /**
     * @param name  a name unique in the layout, e.g. {@code layer1.weight}
     * @param shape its dimensions, each {@code >= 1}
     */
    public record TensorShape(String name, int[] shape) {
        public TensorShape {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a tensor needs a name");
            }
            shape = shape.clone();
            for (int d : shape) {
                if (d < 1) {
                    throw new IllegalArgumentException("tensor " + name + " has shape " + Arrays.toString(shape));
                }
            }
        }

        /** Number of values. */
        public long size() {
            long n = 1;
            for (int d : shape) {
                n *= d;
            }
            return n;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TensorShape t && t.name.equals(name) && Arrays.equals(t.shape, shape);
        }

        @Override
        public int hashCode() {
            return 31 * name.hashCode() + Arrays.hashCode(shape);
        }

        @Override
        public String toString() {
            return name + Arrays.toString(shape);
        }
    }

    public ParameterLayout {
        tensors = List.copyOf(tensors);
        if (new HashSet<>(tensors.stream().map(TensorShape::name).toList()).size() != tensors.size()) {
            throw new IllegalArgumentException("tensor names must be unique: " + tensors);
        }
        long total = tensors.stream().mapToLong(TensorShape::size).sum();
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a model of " + total + " parameters does not fit one vector");
        }
    }

    /** Length of the flat vector. */
    public int parameterCount() {
        return (int) tensors.stream().mapToLong(TensorShape::size).sum();
    }

    /** The tensor names, in order. */
    public List<String> names() {
        return tensors.stream().map(TensorShape::name).toList();
    }

    /** The tensor shapes, in order. */
    public List<int[]> shapes() {
        List<int[]> out = new ArrayList<>();
        tensors.forEach(t -> out.add(t.shape()));
        return out;
    }

    /**
     * Checks that tensors received from elsewhere (names and shapes, in order) are this layout's.
     *
     * @throws IllegalArgumentException naming the first tensor that differs
     */
    public void requireSame(List<String> names, List<int[]> shapes) {
        for (int i = 0; i < Math.max(names.size(), tensors.size()); i++) {
            TensorShape expected = i < tensors.size() ? tensors.get(i) : null;
            TensorShape got = i < names.size() ? new TensorShape(names.get(i), shapes.get(i)) : null;
            if (expected == null || !expected.equals(got)) {
                throw new IllegalArgumentException("tensor " + i + " is " + (got == null ? "missing" : got)
                        + ", the model's layout has " + (expected == null ? "no more tensors" : expected));
            }
        }
    }
}
