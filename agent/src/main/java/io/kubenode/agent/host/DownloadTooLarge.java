package io.kubenode.agent.host;

import java.io.IOException;

/** A download that is, or announces to be, larger than allowed; it is abandoned and its partial file removed. */
final class DownloadTooLarge extends IOException {
    DownloadTooLarge(String message) {
        super(message);
    }
}
