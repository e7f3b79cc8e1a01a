package io.kubenode.controller.cli.admin;

import io.kubenode.common.cli.CommandLines;
import io.kubenode.common.document.Documents;
import io.kubenode.common.validation.Problem;
import io.kubenode.controller.cli.ClusterFile;
import io.kubenode.controller.client.ApiException;
import io.kubenode.controller.client.ClusterApplied;
import io.kubenode.controller.client.ClusterDocument;
import picocli.CommandLine.Command;

import java.util.List;
import java.util.Optional;

@Command(name = "cluster",
        mixinStandardHelpOptions = true,
        description = {"Opens the stored cluster document in $EDITOR (then $VISUAL, then vi) and stores what you save.",
                "An invalid document is reopened with its problems as comments on top; a document someone else "
                        + "changed meanwhile is refused (409) and your edit kept in its file, whose path is printed."},
        exitCodeListHeading = CommandLines.EXIT_HEADING,
        exitCodeList = {"0:stored, or cancelled (nothing changed)", "1:not stored: still invalid, refused by the "
                + "controller, or the editor failed", CommandLines.EXIT_USAGE})
final class EditClusterCommand extends AdminCommand {

    @Override
    int execute() {
        Optional<ClusterDocument> current = storedCluster();
        if (current.isEmpty()) {
            return CommandLines.FAILED;
        }
        String original = current.get().document();
        EditorLauncher editor = EditorLauncher.from(environment());
        EditBuffer buffer = EditBuffer.create(Documents.forText(original) == Documents.json() ? ".json" : ".yaml",
                original);
        List<String> header = List.of();
        String offered = original;
        while (true) {
            try {
                editor.edit(buffer.path());
            } catch (EditorLauncher.EditorException e) {
                err().println("error: " + e.getMessage() + "; nothing was stored. The file: " + buffer.path());
                return CommandLines.FAILED;
            }
            String saved = buffer.read();
            String document = EditBuffer.stripHeader(saved, header);
            if (saved.equals(offered) && !header.isEmpty()) {
                err().println("error: the document is still invalid; nothing was stored. Your edit is kept in "
                        + buffer.path());
                return CommandLines.FAILED;
            }
            if (document.equals(original) || document.isBlank()) {
                buffer.delete();
                out().println(document.isBlank() ? "Edit cancelled, the saved file was empty"
                        : "Edit cancelled, no changes made");
                return CommandLines.OK;
            }
            ClusterFile edited = ClusterFile.parse(document);
            edited.result().warnings().forEach(problem -> err().println(problem.render()));
            if (edited.valid()) {
                return store(buffer, document, current.get().resourceVersion());
            }
            List<String> problems = edited.result().errors().stream().map(Problem::render).toList();
            problems.forEach(err()::println);
            err().println("the edited document is invalid; opening it again");
            err().flush();
            header = EditBuffer.header(problems);
            offered = EditBuffer.withHeader(header, document);
            buffer.write(offered);
        }
    }

    /** PUT with the resourceVersion the edit started from; on any failure the file stays for the user. */
    private int store(EditBuffer buffer, String document, long resourceVersion) {
        ClusterApplied applied;
        try {
            applied = api().putCluster(document, resourceVersion);
        } catch (ApiException e) {
            e.lines().forEach(err()::println);
            if (e.isConflict()) {
                err().println("the cluster document changed while you were editing (you started from resourceVersion "
                        + resourceVersion + "); nothing was stored.");
                err().println("Your edit is kept in " + buffer.path() + ": compare with 'kubenodectl diff -f "
                        + buffer.path() + "', then 'kubenodectl apply -f " + buffer.path() + "'.");
            } else {
                err().println("nothing was stored. Your edit is kept in " + buffer.path());
            }
            return CommandLines.FAILED;
        }
        buffer.delete();
        StoredReport.print(out(), err(), "cluster edited (resourceVersion " + applied.resourceVersion() + ")", applied);
        return CommandLines.OK;
    }
}
