package dev.jinn.tensor;

import dev.jinn.InvalidInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * numpy's {@code .npy} format: C-order arrays of bool, int8..int64, uint8..uint64 and float16/32/64
 * (and complex64/128), little- or big-endian, format versions 1.0 to 3.0. A file is checked in full
 * (header, dtype, shape against the bytes actually present) before its data is allocated.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** numpy aligns the start of the data to this many bytes. */
    private static final int ALIGN = 64;

    private Npy() {}

    /** Whether a tensor of {@code dtype} can be written as {@code .npy}. */
    public static boolean supports(DataType dtype) {
        return descrKind(dtype) != 0;
    }

    public static Tensor read(Path path) {
        String label = path.toString();
        try {
            long size = Files.size(path);
            if (size > Integer.MAX_VALUE - 8) {
                throw new InvalidInputException("npy '" + label + "': " + size + " bytes exceed a Java array");
            }
            return read(Files.readAllBytes(path), label);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("npy '" + label + "': no such file");
        } catch (IOException e) {
            throw new InvalidInputException("npy '" + label + "': cannot read: " + e.getMessage(), e);
        }
    }

    /** Parses a whole {@code .npy} file; {@code label} names it in messages. */
    public static Tensor read(byte[] file, String label) {
        String where = "npy '" + label + "'";
        if (file.length < MAGIC.length + 4 || !Arrays.equals(file, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new InvalidInputException(where + ": not an .npy file (no \\x93NUMPY magic)");
        }
        int major = file[6];
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        long headerLen;
        int headerStart;
        switch (major) {
            case 1 -> {
                headerLen = b.getShort(8) & 0xFFFF;
                headerStart = 10;
            }
            case 2, 3 -> {
                if (file.length < 12) throw new InvalidInputException(where + ": truncated header");
                headerLen = b.getInt(8) & 0xFFFFFFFFL;
                headerStart = 12;
            }
            default -> throw new InvalidInputException(where + ": format version " + major + "." + file[7]
                    + " is not supported (1.0, 2.0 and 3.0 are)");
        }
        if (headerLen > file.length - headerStart) {
            throw new InvalidInputException(where + ": header claims " + headerLen + " bytes, the file has "
                    + (file.length - headerStart) + " after the preamble");
        }
        String header = new String(file, headerStart, (int) headerLen,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Map<String, Object> dict = new HeaderParser(header, where).dict();
        if (!(dict.get("descr") instanceof String descr) || !(dict.get("fortran_order") instanceof Boolean fortran)
                || !(dict.get("shape") instanceof long[] dims) || dict.size() != 3) {
            throw new InvalidInputException(where + ": header must hold exactly 'descr' (a string), 'fortran_order'"
                    + " (a bool) and 'shape' (a tuple of ints), got " + dict.keySet());
        }
        if (fortran) {
            throw new InvalidInputException(where + ": fortran_order arrays are not supported; save a C-order array"
                    + " (numpy.ascontiguousarray)");
        }
        Descr d = parseDescr(descr, where);
        long count;
        long bytes;
        try {
            count = Shapes.sizeExact(dims);
            bytes = Math.multiplyExact(count, (long) d.itemSize);
        } catch (ArithmeticException e) {
            throw new InvalidInputException(where + ": shape " + Arrays.toString(dims) + " is negative or overflows");
        }
        long present = file.length - headerStart - headerLen;
        if (bytes != present) {
            throw new InvalidInputException(where + ": shape " + Arrays.toString(dims) + " of " + descr + " needs " + bytes
                    + " data bytes, the file holds " + present);
        }
        int[] shape = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] > Integer.MAX_VALUE) throw new InvalidInputException(where + ": dim " + i + " is " + dims[i] + ", over 2^31-1");
            shape[i] = (int) dims[i];
        }
        ByteBuffer data = ByteBuffer.wrap(file, (int) (headerStart + headerLen), (int) bytes).slice().order(d.order);
        Object array = Tensor.allocate(d.dtype, d.dtype.slots(count));
        switch (array) {
            case float[] a -> data.asFloatBuffer().get(a);
            case double[] a -> data.asDoubleBuffer().get(a);
            case short[] a -> data.asShortBuffer().get(a);
            case int[] a -> data.asIntBuffer().get(a);
            case long[] a -> data.asLongBuffer().get(a);
            case byte[] a -> {
                data.get(a);
                // numpy's bool is one byte that should be 0 or 1; ONNX bool is exactly 0 or 1.
                if (d.dtype == DataType.BOOL) for (int i = 0; i < a.length; i++) a[i] = (byte) (a[i] != 0 ? 1 : 0);
            }
            default -> throw new IllegalStateException("no npy storage for " + d.dtype);
        }
        return Tensor.wrap(d.dtype, shape, array);
    }

    public static void write(Tensor t, Path path) throws IOException {
        Files.write(path, toBytes(t));
    }

    /** Writes {@code t} as a version 1.0 file (2.0 when the header does not fit), little-endian, C order. */
    public static byte[] toBytes(Tensor t) {
        char kind = descrKind(t.dtype());
        if (kind == 0) {
            throw new IllegalArgumentException("a " + t.dtype() + " tensor has no .npy form; .npy holds bool, int8..int64,"
                    + " uint8..uint64, float16/32/64 and complex64/128");
        }
        int itemSize = t.dtype().bits() / 8;
        String descr = (itemSize == 1 ? "|" : "<") + kind + itemSize;
        int[] shape = t.shape();
        StringBuilder dims = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) dims.append(i > 0 ? ", " : "").append(shape[i]);
        dims.append(shape.length == 1 ? ",)" : ")");
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + dims + ", }";
        // Version 1.0 counts the header in 2 bytes; only a rank in the thousands needs 2.0's 4.
        int preamble = 10;
        int total = align(preamble + dict.length() + 1);
        if (total - preamble > 0xFFFF) {
            preamble = 12;
            total = align(preamble + dict.length() + 1);
        }
        int headerLen = total - preamble;
        long dataBytes = t.dtype().byteSize(t.size());
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(total + dataBytes)).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) (preamble == 10 ? 1 : 2)).put((byte) 0);
        if (preamble == 10) b.putShort((short) headerLen);
        else b.putInt(headerLen);
        b.put(dict.getBytes(StandardCharsets.ISO_8859_1));
        while (b.position() < total - 1) b.put((byte) ' ');
        b.put((byte) '\n');
        ByteBuffer data = b.slice().order(ByteOrder.LITTLE_ENDIAN);
        switch (t.array()) {
            case float[] a -> data.asFloatBuffer().put(a);
            case double[] a -> data.asDoubleBuffer().put(a);
            case short[] a -> data.asShortBuffer().put(a);
            case int[] a -> data.asIntBuffer().put(a);
            case long[] a -> data.asLongBuffer().put(a);
            case byte[] a -> data.put(a);
            default -> throw new IllegalStateException("no npy storage for " + t.dtype());
        }
        return b.array();
    }

    private static int align(int n) {
        return (n + ALIGN - 1) / ALIGN * ALIGN;
    }

    private record Descr(DataType dtype, int itemSize, ByteOrder order) {}

    /** numpy's kind letter for {@code dtype}, or 0 when .npy cannot hold it. */
    private static char descrKind(DataType dtype) {
        return switch (dtype) {
            case BOOL -> 'b';
            case INT8, INT16, INT32, INT64 -> 'i';
            case UINT8, UINT16, UINT32, UINT64 -> 'u';
            case FLOAT16, FLOAT, DOUBLE -> 'f';
            case COMPLEX64, COMPLEX128 -> 'c';
            default -> 0;
        };
    }

    private static Descr parseDescr(String descr, String where) {
        if (descr.length() >= 3) {
            char order = descr.charAt(0);
            char kind = descr.charAt(1);
            int size;
            try {
                size = Integer.parseInt(descr.substring(2));
            } catch (NumberFormatException e) {
                size = -1;
            }
            for (DataType t : DataType.values()) {
                if (descrKind(t) == kind && t.bits() == size * 8) {
                    boolean ok = order == '<' || order == '>' || (order == '|' && size == 1);
                    if (ok) return new Descr(t, size, order == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
                }
            }
        }
        throw new InvalidInputException(where + ": dtype '" + descr + "' is not supported; .npy inputs may be bool,"
                + " int8..int64, uint8..uint64, float16/32/64 or complex64/128, little- ('<') or big-endian ('>')");
    }

    /** Reads the Python dict literal that numpy writes as the header; nothing else is accepted. */
    private static final class HeaderParser {
        private final String s;
        private final String where;
        private int pos;

        HeaderParser(String s, String where) {
            this.s = s;
            this.where = where;
        }

        Map<String, Object> dict() {
            Map<String, Object> out = new LinkedHashMap<>();
            expect('{');
            while (peek() != '}') {
                String key = string();
                expect(':');
                if (out.put(key, value()) != null) throw bad("key '" + key + "' is given twice");
                if (peek() == ',') pos++;
                else if (peek() != '}') throw bad("expected ',' or '}'");
            }
            pos++;
            if (!s.substring(pos).isBlank()) throw bad("text after the closing '}'");
            return out;
        }

        private Object value() {
            char c = peek();
            if (c == '\'' || c == '"') return string();
            if (c == '(') return tuple();
            if (s.startsWith("True", pos)) {
                pos += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("False", pos)) {
                pos += 5;
                return Boolean.FALSE;
            }
            throw bad("unexpected value");
        }

        private long[] tuple() {
            expect('(');
            List<Long> dims = new ArrayList<>();
            while (peek() != ')') {
                int start = pos;
                while (pos < s.length() && Character.isDigit(s.charAt(pos))) pos++;
                // Python 2 era files may write 3L for a long.
                String digits = s.substring(start, pos);
                if (pos < s.length() && s.charAt(pos) == 'L') pos++;
                if (digits.isEmpty() || digits.length() > 18) throw bad("shape entries must be non-negative integers of at most 18 digits");
                dims.add(Long.parseLong(digits));
                if (peek() == ',') pos++;
                else if (peek() != ')') throw bad("expected ',' or ')' in the shape");
            }
            pos++;
            return dims.stream().mapToLong(Long::longValue).toArray();
        }

        private String string() {
            char q = peek();
            if (q != '\'' && q != '"') throw bad("expected a quoted key or string");
            int end = s.indexOf(q, pos + 1);
            if (end < 0) throw bad("unterminated string");
            String v = s.substring(pos + 1, end);
            pos = end + 1;
            return v;
        }

        private void expect(char c) {
            if (peek() != c) throw bad("expected '" + c + "'");
            pos++;
        }

        /** The next non-blank character, or 0 at the end. */
        private char peek() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) pos++;
            return pos < s.length() ? s.charAt(pos) : 0;
        }

        private InvalidInputException bad(String what) {
            String shown = s.strip();
            if (shown.length() > 200) shown = shown.substring(0, 200) + "...";
            return new InvalidInputException(where + ": bad header at character " + pos + " (" + what + "): " + shown);
        }
    }
}
