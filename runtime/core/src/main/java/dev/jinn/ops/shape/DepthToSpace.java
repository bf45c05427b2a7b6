package dev.jinn.ops.shape;

import dev.jinn.exec.ExecContext;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.tensor.Tensor;

/**
 * DepthToSpace-1/11/13: [N, C, H, W] to [N, C/b^2, H*b, W*b], moving channel blocks into space;
 * mode DCR (depth, column, row; the default) or CRD (from DepthToSpace-11).
 */
public final class DepthToSpace implements Op {
    private final NodeContext node;
    private final int b;
    private final boolean crd;

    public DepthToSpace(NodeContext node) {
        this.node = node;
        this.b = (int) node.getInt("blocksize", 0);
        if (b <= 0) throw node.malformed("attribute 'blocksize' must be positive, got " + b);
        String mode = node.getString("mode", "DCR");
        if (!mode.equals("DCR") && !mode.equals("CRD")) throw node.malformed("attribute 'mode': unknown mode '" + mode + "'");
        this.crd = mode.equals("CRD");
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        Tensor x = in[0];
        Layouts.checkMovable(node, x, 0);
        int[] s = x.shape();
        if (s.length != 4 || s[1] % (b * b) != 0) throw node.badShape(0, "[N, C, H, W] with C divisible by " + b * b, s);
        int n = s[0];
        int c = s[1] / (b * b);
        int h = s[2];
        int w = s[3];
        Layouts.reserve(node, ctx, x.dtype(), s, 4);
        Tensor t = crd ? Layouts.permute(x, new int[] {n, c, b, b, h, w}, new int[] {0, 1, 4, 2, 5, 3}, ctx)
                : Layouts.permute(x, new int[] {n, b, b, c, h, w}, new int[] {0, 3, 4, 1, 5, 2}, ctx);
        return new Tensor[] {t.reshape(n, c, h * b, w * b)};
    }
}
