package io.kubenode.controller.cli.admin;

import io.kubenode.common.cli.CommandLines;
import io.kubenode.controller.client.AuditRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;

@Command(name = "audit",
        mixinStandardHelpOptions = true,
        description = "Prints the controller's audit log, newest first: who changed what, and when.",
        exitCodeListHeading = CommandLines.EXIT_HEADING,
        exitCodeList = {CommandLines.EXIT_OK, "1:the controller refused or was not reached", CommandLines.EXIT_USAGE})
public final class AuditCommand extends AdminCommand {
    static final int MAX_LIMIT = 1000;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
            description = "How many entries (1.." + MAX_LIMIT + "). Default: ${DEFAULT-VALUE}.")
    int limit;

    @Override
    int execute() {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw usage("--limit: expected 1.." + MAX_LIMIT + ", got " + limit);
        }
        List<AuditRecord> records = api().audit(limit);
        if (records.isEmpty()) {
            err().println("No audit entries.");
            return CommandLines.OK;
        }
        Table table = new Table(List.of("ID", "AT", "WHO", "ACTION", "SUMMARY"));
        records.forEach(record -> table.row(List.of(Long.toString(record.id()), Ages.instant(record.at()),
                record.who(), record.action(), record.summary() == null ? "" : record.summary())));
        table.print(out());
        return CommandLines.OK;
    }
}
