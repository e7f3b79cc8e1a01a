package io.kubenode.controller.api;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** One real API server per test class (init, store, TLS on a free port), stopped after its tests. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WithApiServer {
    ApiTestServer api;
    Path dir;

    @BeforeAll
    void startTheServer(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        api = new ApiTestServer(tempDir, limits());
    }

    /** The server's limits; a test class may lower them. */
    ApiLimits limits() {
        return ApiLimits.DEFAULTS;
    }

    @AfterAll
    void stopTheServer() throws Exception {
        api.close();
    }
}
