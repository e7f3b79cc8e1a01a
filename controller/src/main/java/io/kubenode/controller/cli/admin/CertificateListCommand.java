package io.kubenode.controller.cli.admin;

import io.kubenode.common.cli.CommandLines;
import io.kubenode.common.document.Documents;
import io.kubenode.controller.client.CertificateView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.util.List;
import java.util.Map;

@Command(name = "list", aliases = "ls",
        mixinStandardHelpOptions = true,
        description = "Lists every certificate the controller signed: node certificates (enrollment, renewal) and "
                + "admin certificates (init, admin-credentials), revoked and expired ones included.",
        exitCodeListHeading = CommandLines.EXIT_HEADING,
        exitCodeList = {CommandLines.EXIT_OK, "1:the controller refused or was not reached", CommandLines.EXIT_USAGE})
final class CertificateListCommand extends AdminCommand {
    enum Format { yaml, json }

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "yaml or json. Default: the table.")
    Format format;

    @Option(names = "--kind", paramLabel = "KIND", description = "Only this kind: node or admin.")
    String kind;

    @Override
    int execute() {
        if (kind != null && !List.of("node", "admin", "monitoring").contains(kind)) {
            throw usage("--kind must be node, admin or monitoring, got '" + kind + "'");
        }
        List<CertificateView> certificates = api().certificates().stream()
                .filter(each -> kind == null || kind.equals(each.kind())).toList();
        if (format == Format.json) {
            out().print(Documents.toJson(Map.of("items", certificates)));
        } else if (format == Format.yaml) {
            out().print(Documents.toYamlInInsertionOrder(Map.of("items", certificates)));
        } else if (certificates.isEmpty()) {
            err().println("No certificates.");
        } else {
            Instant now = Instant.now();
            Table table = new Table(List.of("SERIAL", "KIND", "SUBJECT", "ISSUED", "EXPIRES", "REVOKED"));
            certificates.forEach(each -> table.row(List.of(each.serial(), each.kind(), each.subject(),
                    Ages.instant(each.issuedAt()), Ages.expiry(each.notAfter(), now), each.revoked() ? "yes" : "no")));
            table.print(out());
        }
        return CommandLines.OK;
    }
}
