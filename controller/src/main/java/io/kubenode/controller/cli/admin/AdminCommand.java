package io.kubenode.controller.cli.admin;

import io.kubenode.common.cli.CommandLines;
import io.kubenode.common.validation.Problem;
import io.kubenode.controller.cli.ClusterFile;
import io.kubenode.controller.client.ApiClient;
import io.kubenode.controller.client.ApiException;
import io.kubenode.controller.client.ClientConfig;
import io.kubenode.controller.client.ClusterDocument;
import io.kubenode.controller.client.ConfigException;
import io.kubenode.controller.client.ConfigLocation;
import io.kubenode.controller.client.ControllerApi;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * What every verb that talks to a controller shares: {@code --config}, the connection (made on first use, so local
 * checks come first), and one way to report failures: the config's problem, or the controller's
 * {@code {code, message, details}}, each on stderr with exit 1.
 */
abstract class AdminCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE",
            description = "kubenodectl config (admin.conf from kubenode-controller init). Default: $"
                    + ConfigLocation.ENV + ", then ~/" + ConfigLocation.DEFAULT + ".")
    Path configFile;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private ControllerApi api;

    @Override
    public final Integer call() {
        try {
            return execute();
        } catch (ConfigException e) {
            err().println("error: " + e.getMessage());
            return CommandLines.FAILED;
        } catch (ApiException e) {
            e.lines().forEach(err()::println);
            return CommandLines.FAILED;
        } finally {
            out().flush();
            err().flush();
        }
    }

    /** The verb itself; {@link ConfigException} and {@link ApiException} may escape, they are reported. */
    abstract int execute();

    final ControllerApi api() {
        if (api == null) {
            Environment environment = environment();
            ConfigLocation location = ConfigLocation.resolve(configFile, environment.variables(), environment.home());
            api = new ControllerApi(new ApiClient(ClientConfig.load(location)));
        }
        return api;
    }

    final Environment environment() {
        return Environment.of(spec);
    }

    /** The stored cluster document; empty after telling the user there is none yet and how to store one. */
    final Optional<ClusterDocument> storedCluster() {
        Optional<ClusterDocument> current = api().cluster();
        if (current.isEmpty()) {
            err().println("error: the controller has no cluster document yet; store one with "
                    + "'kubenodectl apply -f FILE'");
        }
        return current;
    }

    final PrintWriter out() {
        return spec.commandLine().getOut();
    }

    final PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Prints a local document's problems ("path: message", warnings marked) to stderr; true if it may be sent. */
    final boolean checkLocally(ClusterFile loaded, String source) {
        for (Problem problem : loaded.result().problems()) {
            err().println(problem.render());
        }
        if (!loaded.valid()) {
            err().println("error: " + source + " is invalid (" + loaded.result().errors().size()
                    + " errors); nothing was sent to the controller");
            return false;
        }
        return true;
    }

    final CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
