package dev.jinn.tools;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.jinn.InvalidInputException;
import dev.jinn.JinnException;
import dev.jinn.onnx.TensorProtos;
import dev.jinn.onnx.proto.Onnx.TensorProto;
import dev.jinn.tensor.Npy;
import dev.jinn.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Tensors in files: TensorProto ({@code .pb}, as in ONNX test folders) and numpy {@code .npy}. */
final class TensorFiles {
    private TensorFiles() {}

    /** Reads {@code file} by its extension: {@code .npy} is numpy, anything else a serialized TensorProto. */
    static Tensor read(Path file) {
        if (file.getFileName().toString().endsWith(".npy")) return Npy.read(file);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("file '" + file + "': no such file");
        } catch (IOException e) {
            throw new InvalidInputException("file '" + file + "': cannot read: " + e.getMessage(), e);
        }
        TensorProto p;
        try {
            p = TensorProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidInputException("file '" + file + "': not a TensorProto (.pb) file: " + e.getMessage());
        }
        // A legitimate TensorProto needs at most 8 bytes of memory per byte of file (a one-byte varint
        // in int64_data), so this budget refuses dims that claim more than the file can hold.
        return TensorProtos.read(p, file.toString(), 8L * bytes.length + 1024);
    }

    /** {@link #read} for the model input {@code name}, which errors name. */
    static Tensor readInput(String name, Path file) {
        try {
            return read(file);
        } catch (JinnException e) {
            throw new InvalidInputException("input '" + name + "': " + e.getMessage(), e);
        }
    }

    /** Writes {@code t} as {@code base.pb} and, when numpy has its dtype, {@code base.npy}; returns the files. */
    static java.util.List<Path> write(Tensor t, String name, Path dir, String base) throws IOException {
        Path pb = dir.resolve(base + ".pb");
        Files.write(pb, TensorProtos.toProto(t, name).toByteArray());
        if (!Npy.supports(t.dtype())) return java.util.List.of(pb);
        Path npy = dir.resolve(base + ".npy");
        Npy.write(t, npy);
        return java.util.List.of(pb, npy);
    }
}
