package io.kubenode.agent.enroll;

/** Enrollment did not happen; the message says why for a person (never with the token or the key). */
public final class EnrollmentException extends Exception {
    public EnrollmentException(String message) {
        super(message);
    }

    public EnrollmentException(String message, Throwable cause) {
        super(message, cause);
    }
}
