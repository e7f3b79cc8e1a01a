package io.kubenode.common.pki;

/** A CSR the enrollment policy will not sign; the message is the precise reason, fit to send back to the agent. */
public final class CsrRefusedException extends Exception {
    public CsrRefusedException(String reason) {
        super(reason);
    }
}
