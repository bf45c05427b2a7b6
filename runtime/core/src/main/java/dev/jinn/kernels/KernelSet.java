package dev.jinn.kernels;

import dev.jinn.kernels.conv.ConvKernel;
import dev.jinn.kernels.elementwise.ElementwiseKernel;
import dev.jinn.kernels.gemm.GemmKernel;
import dev.jinn.kernels.norm.NormKernel;
import dev.jinn.kernels.pool.PoolKernel;
import dev.jinn.kernels.reduce.ReduceKernel;
import dev.jinn.kernels.softmax.SoftmaxKernel;

/** One implementation of every kernel family, all of one kind (Vector API or scalar). */
public record KernelSet(String name, ElementwiseKernel elementwise, SoftmaxKernel softmax, GemmKernel gemm,
                        ConvKernel conv, PoolKernel pool, NormKernel norm, ReduceKernel reduce) {}
