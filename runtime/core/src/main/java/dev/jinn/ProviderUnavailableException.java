package dev.jinn;

/**
 * A provider the user asked for cannot be had: its module is not on the classpath, or the native
 * runtime behind it lacks a device or a library. The message says which, and what to install.
 */
public final class ProviderUnavailableException extends JinnException {
    public ProviderUnavailableException(String message) {
        super(message);
    }

    public ProviderUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
