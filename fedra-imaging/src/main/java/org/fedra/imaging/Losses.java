package org.fedra.imaging;

import ai.djl.ndarray.NDArray;

/** The training losses, on logits, in DJL. */
final class Losses {
    private Losses() {}

    /** Element-wise binary cross-entropy of logits {@code z} against 0/1 targets, in the numerically stable form. */
    static NDArray bce(NDArray z, NDArray y) {
        // max(z, 0) - z*y + log(1 + exp(-|z|))
        return z.maximum(0).sub(z.mul(y)).add(z.abs().neg().exp().add(1).log());
    }

    /** 1 - the soft Dice coefficient of the batch (all pixels pooled), smoothed by 1. */
    static NDArray softDice(NDArray z, NDArray y) {
        NDArray p = z.getNDArrayInternal().sigmoid();
        NDArray inter = p.mul(y).sum();
        NDArray total = p.sum().add(y.sum());
        return inter.mul(2).add(1).div(total.add(1)).neg().add(1);
    }
}
