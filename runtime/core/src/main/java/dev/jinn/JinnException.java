package dev.jinn;

/**
 * Base of every error Jinn reports on purpose. Messages name the model, the node or tensor, and
 * what was expected against what was found, so that they can be shown to a user as they are.
 */
public abstract class JinnException extends RuntimeException {
    protected JinnException(String message) {
        super(message);
    }

    protected JinnException(String message, Throwable cause) {
        super(message, cause);
    }
}
