package dev.jinn;

/** An input given to a run, or to the CLI, does not match what the model declares: name, dtype or shape. */
public final class InvalidInputException extends JinnException {
    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
