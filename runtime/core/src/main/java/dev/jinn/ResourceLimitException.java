package dev.jinn;

/** Honouring the model or the run would exceed a configured byte budget or a hard JVM limit. */
public final class ResourceLimitException extends JinnException {
    public ResourceLimitException(String message) {
        super(message);
    }

    public ResourceLimitException(String message, Throwable cause) {
        super(message, cause);
    }
}
