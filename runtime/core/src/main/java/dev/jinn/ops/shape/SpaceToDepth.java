package dev.jinn.ops.shape;

import dev.jinn.exec.ExecContext;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.tensor.Tensor;

/** SpaceToDepth-1/13: [N, C, H, W] to [N, C*b^2, H/b, W/b], the inverse of DepthToSpace in DCR mode. */
public final class SpaceToDepth implements Op {
    private final NodeContext node;
    private final int b;

    public SpaceToDepth(NodeContext node) {
        this.node = node;
        this.b = (int) node.getInt("blocksize", 0);
        if (b <= 0) throw node.malformed("attribute 'blocksize' must be positive, got " + b);
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        Tensor x = in[0];
        Layouts.checkMovable(node, x, 0);
        int[] s = x.shape();
        if (s.length != 4 || s[2] % b != 0 || s[3] % b != 0) throw node.badShape(0, "[N, C, H, W] with H and W divisible by " + b, s);
        int n = s[0];
        int c = s[1];
        int h = s[2] / b;
        int w = s[3] / b;
        Layouts.reserve(node, ctx, x.dtype(), s, 4);
        Tensor t = Layouts.permute(x, new int[] {n, c, h, b, w, b}, new int[] {0, 3, 5, 1, 2, 4}, ctx);
        return new Tensor[] {t.reshape(n, c * b * b, h, w)};
    }
}
