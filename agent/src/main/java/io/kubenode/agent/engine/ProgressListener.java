package io.kubenode.agent.engine;

/**
 * Told, on the pass thread, when a resource's apply starts and ends, so that a long one (a kubeadm step: minutes)
 * can be reported while it runs. Must return at once; its failures are ignored.
 */
public interface ProgressListener {
    ProgressListener NONE = new ProgressListener() {
        @Override
        public void started(RunningResource resource) {
        }

        @Override
        public void finished(RunningResource resource) {
        }
    };

    void started(RunningResource resource);

    void finished(RunningResource resource);
}
