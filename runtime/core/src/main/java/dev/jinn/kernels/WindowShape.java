package dev.jinn.kernels;

/**
 * Where the windows of a convolution or pooling lie over one channel plane of an N-D image: input
 * dims, kernel, strides, dilations, begin pads and output dims, one entry per spatial axis.
 */
public record WindowShape(int[] in, int[] kernel, int[] strides, int[] dilations, int[] padBegin, int[] out) {
    public int kernelSize() {
        return product(kernel);
    }

    public int outSize() {
        return product(out);
    }

    public int inSize() {
        return product(in);
    }

    private static int product(int[] dims) {
        int n = 1;
        for (int d : dims) n = Math.multiplyExact(n, d);
        return n;
    }

    /**
     * For each kernel tap k along {@code axis}, the output positions [first[k], end[k]) whose tap
     * falls inside the input (not in the padding): tap k of output o reads o * stride - pad + k * dilation.
     * Loops over rows then need no bounds test per element.
     */
    public int[][] insideRanges(int axis) {
        int n = kernel[axis], st = strides[axis], in = this.in[axis], out = this.out[axis];
        int[][] r = new int[2][n];
        for (int k = 0; k < n; k++) {
            int shift = k * dilations[axis] - padBegin[axis];
            int first = Math.min(out, Math.max(0, Math.ceilDiv(-shift, st)));
            r[0][k] = first;
            r[1][k] = Math.max(first, Math.min(out, Math.ceilDiv(in - shift, st)));
        }
        return r;
    }
}
