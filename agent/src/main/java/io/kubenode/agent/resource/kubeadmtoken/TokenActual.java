package io.kubenode.agent.resource.kubeadmtoken;

import java.time.Instant;

/**
 * Whether {@code kubeadm token list} shows the token id, and when it expires ({@code null}: never). Holds the
 * public id only: the secret part of a listed token is dropped as soon as it is read.
 */
public record TokenActual(boolean listed, Instant expires) {

    static TokenActual notListed() {
        return new TokenActual(false, null);
    }
}
