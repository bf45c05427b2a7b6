package dev.jinn.kernels.norm;

import static dev.jinn.kernels.norm.VectorLanes.*;

/**
 * The normalization loops on the Vector API, in one file per variant; this class picks the variant
 * for each call:
 * <ul>
 * <li>{@link VectorRowPasses}: one row in separate passes (sum, squares, normalize or affine), the
 *     default for every method that no other variant takes;
 * <li>{@link VectorRowGroups}: four rows shorter than {@link VectorLanes#ALIGN_MIN} at a time;
 * <li>{@link VectorWelfordPipeline}: a row's mean and M2 in one pass, and the pipelines that write
 *     one row while taking the next one's statistics;
 * <li>{@link VectorRmsPipeline}: RMS rows written while the next one's squares are taken;
 * <li>{@link VectorPlaneAffine}: batch normalization's planes as one stream.
 * </ul>
 * Which plan a row goes through (groups, pipeline) is {@code RowNorm}'s and {@code GroupedNorm}'s
 * choice, from the shape and {@link dev.jinn.kernels.CacheGeometry}; within a plan, a row's sums
 * and statistics have the same bits whichever variant takes it, so results never depend on the
 * thread count. Sums run in float vector accumulators over blocks, folded into a double per block
 * by a fixed tree of lane-wise adds (rather than {@code reduceLanes}, whose order is unspecified),
 * so results are identical whether the code runs interpreted or compiled.
 */
public final class VectorNormKernel implements NormKernel {
    /** Refuses species too narrow to beat the scalar loops (for instance where no SIMD is available). */
    public VectorNormKernel() {
        if (L < 4) throw new UnsupportedOperationException("preferred float species has " + L + " lanes");
    }

    @Override
    public String name() {
        return "vector-" + S.vectorBitSize() + "bit";
    }

    @Override
    public double shiftedSum(float[] x, int off, int n, float shift) {
        return VectorRowPasses.shiftedSum(x, off, n, shift);
    }

    @Override
    public double centeredSumSquares(float[] x, int off, int n, float center) {
        return VectorRowPasses.centeredSumSquares(x, off, n, center);
    }

    @Override
    public void normalize(float[] x, int xOff, int n, float center, float invStd, float offset,
                          float[] scale, int sOff, float[] bias, int bOff, float[] y, int yOff) {
        VectorRowPasses.normalize(x, xOff, n, center, invStd, offset, scale, sOff, bias, bOff, y, yOff);
    }

    @Override
    public void affine(float[] x, int xOff, int n, float shift, float a, float b, float[] y, int yOff) {
        VectorRowPasses.affine(x, xOff, n, shift, a, b, y, yOff);
    }

    @Override
    public void affinePlanes(float[] x, float[] y, int from, int to, int spatial, int channels, float[] shift,
                             float[] a, float[] b) {
        // Planes shorter than a vector would put more than one seam in a vector.
        if (spatial >= L) VectorPlaneAffine.affinePlanes(x, y, from, to, spatial, channels, shift, a, b);
        else NormKernel.super.affinePlanes(x, y, from, to, spatial, channels, shift, a, b);
    }

    @Override
    public void addSkip(float[] x, float[] skip, float[] bias, float[] s, int from, int to, int n) {
        VectorRowPasses.addSkip(x, skip, bias, s, from, to, n);
    }

    @Override
    public void shiftedSums(float[] x, int off, int n, int rows, float[] shift, double[] sums) {
        if (rows == ROWS && n < ALIGN_MIN) VectorRowGroups.rowSums4(x, off, n, shift, sums, false);
        else NormKernel.super.shiftedSums(x, off, n, rows, shift, sums);
    }

    @Override
    public void centeredSquares(float[] x, int off, int n, int rows, float[] center, double[] squares) {
        if (rows == ROWS && n < ALIGN_MIN) VectorRowGroups.rowSums4(x, off, n, center, squares, true);
        else NormKernel.super.centeredSquares(x, off, n, rows, center, squares);
    }

    @Override
    public void normalizeRows(float[] x, int off, int n, int rows, float[] center, float[] invStd, float[] offset,
                              float[] scale, float[] bias, int pOff, float[] y) {
        if (rows == ROWS && n < ALIGN_MIN) VectorRowGroups.normalizeRows4(x, off, n, center, invStd, offset, scale, bias, pOff, y);
        else NormKernel.super.normalizeRows(x, off, n, rows, center, invStd, offset, scale, bias, pOff, y);
    }

    @Override
    public void shiftedStats(float[] x, int off, int n, float shift, double[] out) {
        VectorWelfordPipeline.shiftedStats(x, off, n, shift, out);
    }

    @Override
    public void affineThenStats(float[] x, float[] y, int off, int n, int segLen, float shift, float[] a, float[] b,
                                float statShift, double[] out) {
        // Where a STEP would straddle two segments, the plain loops, which take any length.
        if (segLen < n && segLen % STEP != 0) NormKernel.super.affineThenStats(x, y, off, n, segLen, shift, a, b, statShift, out);
        else VectorWelfordPipeline.affineThenStats(x, y, off, n, segLen, shift, a, b, statShift, out);
    }

    @Override
    public void normalizeThenStats(float[] x, int off, int n, float center, float invStd, float offset, float[] scale,
                                   float[] bias, int pOff, float[] y, int statOff, float statShift, double[] out) {
        VectorWelfordPipeline.normalizeThenStats(x, off, n, center, invStd, offset, scale, bias, pOff, y, statOff, statShift, out);
    }

    @Override
    public double normalizeThenSquares(float[] x, int off, int n, float invStd, float[] scale, float[] bias, int pOff,
                                       float[] y, int statOff) {
        return VectorRmsPipeline.normalizeThenSquares(x, off, n, invStd, scale, bias, pOff, y, statOff);
    }

    @Override
    public boolean rmsRows(float[] x, int n, int from, int to, float eps, float[] scale, float[] y, float[] invStd) {
        return VectorRmsPipeline.rmsRows(x, n, from, to, eps, scale, y, invStd);
    }
}
