package dev.jinn.providers.ort;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import java.lang.reflect.Array;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves tensors across the border with ONNX Runtime. Jinn's tensors live in Java arrays and ORT reads
 * native memory, so each input is copied once into a direct buffer that ORT then uses in place (a
 * heap buffer would make ORT's Java API allocate and copy again); each output is copied once from
 * ORT's memory into a Java array.
 */
final class OrtTensors {
    private OrtTensors() {}

    /**
     * Direct buffers for one run's inputs, kept for the next run: allocating direct memory per run
     * would leave its release to the garbage collector, which runs rarely when the heap is quiet.
     */
    static final class Staging {
        private ByteBuffer[] buffers;

        Staging(int inputs) {
            buffers = new ByteBuffer[inputs];
        }

        ByteBuffer take(int index, long bytes) {
            ByteBuffer b = buffers[index];
            if (b == null || b.capacity() < bytes) {
                b = ByteBuffer.allocateDirect(Math.toIntExact(Math.max(bytes, 64))).order(ByteOrder.nativeOrder());
                buffers[index] = b;
            }
            b.clear().limit((int) bytes);
            return b.slice().order(ByteOrder.nativeOrder());
        }
    }

    /** The ORT Java type that carries {@code dtype}, or null when ORT's Java API has none. */
    static OnnxJavaType javaType(DataType dtype) {
        return switch (dtype) {
            case FLOAT -> OnnxJavaType.FLOAT;
            case DOUBLE -> OnnxJavaType.DOUBLE;
            case INT8 -> OnnxJavaType.INT8;
            case UINT8 -> OnnxJavaType.UINT8;
            case INT16 -> OnnxJavaType.INT16;
            case INT32 -> OnnxJavaType.INT32;
            case INT64 -> OnnxJavaType.INT64;
            case BOOL -> OnnxJavaType.BOOL;
            case STRING -> OnnxJavaType.STRING;
            case FLOAT16 -> OnnxJavaType.FLOAT16;
            case BFLOAT16 -> OnnxJavaType.BFLOAT16;
            default -> null;
        };
    }

    static OnnxTensor toOrt(OrtEnvironment env, Tensor t, Staging staging, int index, String where) throws OrtException {
        long[] shape = new long[t.rank()];
        for (int d = 0; d < shape.length; d++) shape[d] = t.dim(d);
        OnnxJavaType jt = javaType(t.dtype());
        if (jt == null) {
            throw new ProviderFailedException(where + ": ONNX Runtime's Java API cannot take " + t.dtype() + " tensors");
        }
        if (t.dtype() == DataType.STRING) return OnnxTensor.createTensor(env, t.strings(), shape);
        ByteBuffer b = staging.take(index, t.dtype().byteSize(t.size()));
        Buffer typed = switch (t.array()) {
            case float[] a -> b.asFloatBuffer().put(a).rewind();
            case double[] a -> b.asDoubleBuffer().put(a).rewind();
            case int[] a -> b.asIntBuffer().put(a).rewind();
            case long[] a -> b.asLongBuffer().put(a).rewind();
            case short[] a -> b.asShortBuffer().put(a).rewind();
            case byte[] a -> b.put(a).rewind();
            default -> throw new IllegalStateException("storage " + t.array().getClass());
        };
        return switch (typed) {
            case java.nio.FloatBuffer f -> OnnxTensor.createTensor(env, f, shape);
            case java.nio.DoubleBuffer f -> OnnxTensor.createTensor(env, f, shape);
            case java.nio.IntBuffer f -> OnnxTensor.createTensor(env, f, shape);
            case java.nio.LongBuffer f -> OnnxTensor.createTensor(env, f, shape);
            case java.nio.ShortBuffer f -> OnnxTensor.createTensor(env, f, shape, jt);
            case ByteBuffer f -> OnnxTensor.createTensor(env, f, shape, jt);
            default -> throw new IllegalStateException();
        };
    }

    static Tensor fromOrt(OnnxValue v, String where) {
        if (!(v instanceof OnnxTensor t)) {
            throw new ProviderFailedException(where + ": ONNX Runtime returned a " + v.getType()
                    + "; Jinn takes only tensors across");
        }
        TensorInfo info = t.getInfo();
        DataType dtype = dataType(info.onnxType, where);
        long[] dims = info.getShape();
        int[] shape = new int[dims.length];
        for (int d = 0; d < dims.length; d++) shape[d] = Math.toIntExact(dims[d]);
        int n = Math.toIntExact(info.getNumElements());
        if (dtype == DataType.STRING) {
            try {
                return Tensor.wrap(dtype, shape, flattenStrings(t.getValue(), n));
            } catch (OrtException e) {
                throw new ProviderFailedException(where + ": " + e.getMessage(), e);
            }
        }
        Object data = switch (dtype) {
            // The typed getters copy straight into a heap buffer whose array we keep.
            case FLOAT -> array(t.getFloatBuffer(), n);
            case DOUBLE -> array(t.getDoubleBuffer(), n);
            case INT32 -> array(t.getIntBuffer(), n);
            case INT64 -> array(t.getLongBuffer(), n);
            case INT16, FLOAT16, BFLOAT16 -> array(t.getShortBuffer(), n);
            case INT8, UINT8, BOOL -> array(t.getByteBuffer(), n);
            default -> {
                // Types ORT's Java API has no getter for: take the raw bytes in native order.
                if (dtype.isSubByte() || dtype.isComplex() || dtype == DataType.STRING) {
                    throw new ProviderFailedException(where + ": ONNX Runtime's Java API cannot return " + dtype + " tensors");
                }
                ByteBuffer raw = t.getByteBuffer().order(ByteOrder.nativeOrder());
                Object a = Tensor.allocate(dtype, dtype.slots(n));
                switch (a) {
                    case short[] s -> raw.asShortBuffer().get(s);
                    case int[] s -> raw.asIntBuffer().get(s);
                    case long[] s -> raw.asLongBuffer().get(s);
                    case byte[] s -> raw.get(s);
                    default -> throw new IllegalStateException();
                }
                yield a;
            }
        };
        return Tensor.wrap(dtype, shape, data);
    }

    /** ORT's enum numbers its types in its own order, but names them as ONNX does. */
    private static DataType dataType(TensorInfo.OnnxTensorType t, String where) {
        String name = t.name().substring("ONNX_TENSOR_ELEMENT_DATA_TYPE_".length());
        try {
            return DataType.valueOf(name);
        } catch (IllegalArgumentException e) {
            // ORT's Java enum stops at the 8-bit floats; newer types (2- and 4-bit ones) come back as UNDEFINED.
            throw new ProviderFailedException(where + ": ONNX Runtime's Java API cannot return this tensor's element type"
                    + " (it names it " + name + ")");
        }
    }

    private static Object array(Buffer b, int n) {
        if (b.hasArray() && b.arrayOffset() == 0 && Array.getLength(b.array()) == n) return b.array();
        Object a = Array.newInstance(b.array().getClass().getComponentType(), n);
        System.arraycopy(b.array(), b.arrayOffset(), a, 0, n);
        return a;
    }

    private static String[] flattenStrings(Object nested, int n) {
        List<String> out = new ArrayList<>(n);
        flatten(nested, out);
        return out.toArray(new String[0]);
    }

    private static void flatten(Object o, List<String> out) {
        if (o instanceof String s) {
            out.add(s);
            return;
        }
        for (int i = 0; i < Array.getLength(o); i++) flatten(Array.get(o, i), out);
    }
}
