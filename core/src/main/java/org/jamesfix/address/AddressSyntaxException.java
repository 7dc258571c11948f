package org.jamesfix.address;

/**
 * An envelope address that cannot be parsed; the message names the problem and quotes the input.
 * Adapters answer it with Postfix's {@code 501 5.1.3 Bad recipient address syntax} or
 * {@code 501 5.1.7 Bad sender address syntax}.
 */
public final class AddressSyntaxException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public AddressSyntaxException(String message) {
        super(message);
    }
}
