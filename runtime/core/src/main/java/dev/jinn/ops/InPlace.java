package dev.jinn.ops;

/**
 * An op whose float32 output element i is computed from element i of each input that has the
 * output's shape, read before it is written. The memory plan may then give the output the array of
 * such an input that dies at this op, so the op runs in place.
 */
public interface InPlace extends Op {}
