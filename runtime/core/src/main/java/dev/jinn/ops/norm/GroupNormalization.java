package dev.jinn.ops.norm;

import dev.jinn.exec.ExecContext;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import dev.jinn.tensor.Tensors;

/**
 * GroupNormalization-18 and 21: the channels of X [N, C, ...] are split into num_groups groups,
 * each normalized on its own. Version 18 has one scale and bias per group; version 21 one per
 * channel, and a stash_type.
 */
public final class GroupNormalization implements Op {
    record Attrs(int numGroups, float epsilon, int stashType) {}

    private final NodeContext node;
    private final Attrs attrs;

    public GroupNormalization(NodeContext node) {
        this.node = node;
        if (!node.has("num_groups")) throw node.malformed("attribute 'num_groups' is required");
        this.attrs = new Attrs((int) node.getInt("num_groups", 0), node.getFloat("epsilon", 1e-5f),
                node.version() >= 21 ? NormSupport.stashType(node) : DataType.FLOAT.code());
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        Tensor x = in[0];
        if (x.rank() < 2) throw node.badShape(0, "[N, C, ...] (rank 2 or more)", x.shape());
        int channels = x.dim(1);
        int groups = attrs.numGroups;
        if (groups <= 0 || channels % groups != 0) {
            throw node.invalid("num_groups " + groups + " does not divide the " + channels + " channels of input 0");
        }
        Tensor scale = in[1];
        Tensor bias = in[2];
        if (node.version() < 21) {
            NormSupport.requireCount(node, scale, groups, 1);
            NormSupport.requireCount(node, bias, groups, 2);
            scale = perChannel(scale, channels / groups);
            bias = perChannel(bias, channels / groups);
        } else {
            NormSupport.requireCount(node, scale, channels, 1);
            NormSupport.requireCount(node, bias, channels, 2);
        }
        boolean inDouble = attrs.stashType == DataType.DOUBLE.code();
        return new Tensor[] {GroupedNorm.compute(node, ctx, x, groups, attrs.epsilon, inDouble, scale, bias)};
    }

    /** Repeats each per-group value for the group's channels (version 18's layout to version 21's). */
    private static Tensor perChannel(Tensor perGroup, int channelsPerGroup) {
        double[] g = Tensors.doubles(perGroup);
        double[] c = new double[g.length * channelsPerGroup];
        for (int i = 0; i < c.length; i++) c[i] = g[i / channelsPerGroup];
        return Tensor.wrap(DataType.DOUBLE, new int[] {c.length}, c);
    }
}
