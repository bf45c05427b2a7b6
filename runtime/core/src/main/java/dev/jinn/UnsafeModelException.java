package dev.jinn;

/** The model asks for something Jinn refuses on principle: external data outside its folder (or behind a link), or nesting deep enough to threaten the stack. */
public final class UnsafeModelException extends JinnException {
    public UnsafeModelException(String message) {
        super(message);
    }

    public UnsafeModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
