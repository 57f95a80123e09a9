package dev.ampbench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ampbench.bench.ConfigError;
import dev.ampbench.bench.audit.AuditKeys;
import dev.ampbench.bench.audit.AuditReport;
import dev.ampbench.bench.audit.CaptureAuditor;
import dev.ampbench.bench.audit.Finding;
import dev.ampbench.bench.capture.Capture;
import dev.ampbench.bench.capture.CaptureFormatException;
import dev.ampbench.bench.capture.PcapngReader;
import dev.ampbench.bench.inventory.KeyManifest;
import dev.ampbench.bench.inventory.ManifestKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ampbench audit CAPTURE}: the rule checks that need no hardware, over a pcapng capture (one the bench wrote,
 * or one from the field in the same format). Exit 0 clean, 1 findings, 2 unreadable or corrupt capture.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Judges a capture offline: undecodable frames, nonce reuse, counter rollback, protocol order, "
                + "and with --keys MICs.")
final class AuditCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CAPTURE", description = "a pcapng capture (docs/captures.md)")
    Path capture;

    @Option(names = "--json", description = "print the findings as JSON")
    boolean json;

    @Option(names = "--keys", paramLabel = "MANIFEST",
            description = "key manifest (docs/key-manifest.md): also check MICs (every profile)")
    Path keys;

    @Option(names = "--manifest-passphrase-file", paramLabel = "FILE",
            description = "file holding the passphrase of --keys")
    Path manifestPassphraseFile;

    @Option(names = "--manifest-key-file", paramLabel = "FILE", description = "32-byte key file of --keys")
    Path manifestKeyFile;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (!Files.isRegularFile(capture)) {
            throw new Main.UserError("no capture file " + capture);
        }
        Capture c;
        try {
            c = PcapngReader.read(capture);
        } catch (IOException e) {
            throw new Main.UserError("cannot read " + capture + ": " + e.getMessage());
        } catch (CaptureFormatException e) {
            throw new Main.UserError(capture + " is not a valid capture: " + e.getMessage());
        }
        AuditReport r = CaptureAuditor.audit(c, keys());
        if (json) {
            ObjectMapper m = new ObjectMapper();
            ObjectNode root = m.createObjectNode();
            root.put("capture", capture.toString());
            root.put("frames", c.frames().size());
            root.put("framesChecked", r.framesChecked());
            root.put("micsVerified", r.micsVerified());
            r.truncatedTail().ifPresent(t -> root.put("truncatedTail", t));
            ArrayNode fs = root.putArray("findings");
            for (Finding f : r.findings()) {
                fs.addObject().put("frame", f.frame()).put("rule", f.rule().id()).put("message", f.message());
            }
            root.put("verdict", r.clean() ? "clean" : "findings");
            out.println(root.toPrettyString());
        } else {
            out.println(capture + ": " + c.frames().size() + " packet(s), " + r.framesChecked() + " air frame(s) "
                    + "checked" + (keys != null ? ", " + r.micsVerified() + " MIC(s) verified" : ""));
            r.truncatedTail().ifPresent(t -> out.println("note: truncated capture, " + t));
            for (Finding f : r.findings()) {
                out.println("frame " + f.frame() + ": " + f.rule().id() + ": " + f.message());
            }
            out.println(r.clean() ? "verdict: clean" : "verdict: " + r.findings().size() + " finding(s)");
        }
        out.flush();
        return r.clean() ? Main.OK : Main.RULE_BROKEN;
    }

    /** The manifest's keys (every profile), or none without --keys. */
    private AuditKeys keys() {
        if (keys == null) {
            if (manifestPassphraseFile != null || manifestKeyFile != null) {
                throw new Main.UserError("--manifest-passphrase-file and --manifest-key-file go with --keys");
            }
            return AuditKeys.NONE;
        }
        if ((manifestPassphraseFile == null) == (manifestKeyFile == null)) {
            throw new Main.UserError("--keys needs one of --manifest-passphrase-file or --manifest-key-file");
        }
        try {
            ManifestKey key = manifestPassphraseFile != null ? ManifestKey.passphraseFile(manifestPassphraseFile)
                    : ManifestKey.keyFile(manifestKeyFile);
            return AuditKeys.of(KeyManifest.open(keys, key));
        } catch (ConfigError e) {
            throw new Main.UserError(e.getMessage());
        }
    }
}
