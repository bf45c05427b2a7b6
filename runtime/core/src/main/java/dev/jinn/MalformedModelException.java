package dev.jinn;

/** The model breaks the ONNX format or its rules (bad protobuf, dangling inputs, cycles, wrong data sizes). */
public final class MalformedModelException extends JinnException {
    public MalformedModelException(String message) {
        super(message);
    }

    public MalformedModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
