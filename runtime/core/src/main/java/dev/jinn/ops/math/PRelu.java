package dev.jinn.ops.math;

import dev.jinn.exec.ExecContext;
import dev.jinn.ops.NodeContext;
import dev.jinn.tensor.Tensor;

/**
 * PRelu-6/7/9/16: x, or slope * x below zero. From PRelu-7 slope broadcasts to x (numpy rules);
 * before, a 1-D slope holds one value per channel (dim 1).
 */
public final class PRelu extends Binary {
    public PRelu(NodeContext node) {
        super(node);
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        Tensor x = in[0];
        Tensor slope = in[1];
        if (node.version() < 7 && slope.rank() == 1 && x.rank() > 2 && slope.size() == x.dim(1) && slope.size() != 1) {
            int[] s = new int[x.rank() - 1];
            java.util.Arrays.fill(s, 1);
            s[0] = slope.size();
            slope = slope.reshape(s);
        }
        return new Tensor[] {apply(x, slope, ctx)};
    }

    @Override
    protected float f(float x, float slope) {
        return x < 0 ? slope * x : x;
    }

    @Override
    protected double d(double x, double slope) {
        return x < 0 ? slope * x : x;
    }

    @Override
    protected long l(long x, long slope) {
        return x < 0 ? slope * x : x;
    }
}
