package dev.ampbench.fuzz;

import dev.ampbench.bench.capture.Capture;
import dev.ampbench.bench.capture.CaptureFormatException;
import dev.ampbench.bench.capture.CapturedFrame;
import dev.ampbench.bench.capture.PcapngReader;
import dev.ampbench.protocol.Profile;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The frames of pcapng captures (the golden captures in {@code fixtures/captures/}, or any the bench wrote) that seed a
 * campaign's mutation history: old nonces, other sessions' MICs, splice partners. Only the ampbench link type's
 * packets of the campaign's profile are taken (LoRaTap copies are the same frames again).
 */
public final class CaptureSeeds {
    private CaptureSeeds() {
    }

    /** A capture that cannot be read or parsed: the message is one line naming the file. */
    public static final class SeedException extends Exception {
        SeedException(String message) {
            super(message, null, false, false);
        }
    }

    /** The air frames of {@code profile} in these captures, file by file, in capture order. */
    public static List<byte[]> load(Profile profile, List<Path> files) throws SeedException {
        List<byte[]> out = new ArrayList<>();
        for (Path f : files) {
            Capture c;
            try {
                c = PcapngReader.read(f);
            } catch (CaptureFormatException e) {
                throw new SeedException("seed capture " + f + " is not a valid pcapng file (" + e.getMessage() + ")");
            } catch (IOException e) {
                throw new SeedException("cannot read seed capture " + f + ": " + e.getMessage());
            }
            if (c.truncatedTail().isPresent()) {
                // a seed is a valid frame by definition: the bytes of a broken tail are not trusted as one
                throw new SeedException("seed capture " + f + " is not a valid pcapng file (" + c.truncatedTail().get()
                        + ")");
            }
            for (CapturedFrame fr : c.ampbenchFrames()) {
                if (fr.profile().orElse(null) == profile) {
                    out.add(fr.frame());
                }
            }
        }
        return out;
    }

    /**
     * The profile's golden captures under {@code root/fixtures/captures/} ({@code <profile>-*.pcapng}, sorted by
     * name), none when the directory is not there (a jar run away from the project).
     */
    public static List<Path> golden(Path root, Profile profile) {
        Path dir = root.resolve("fixtures").resolve("captures");
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, profile.id() + "-*.pcapng")) {
            ds.forEach(out::add);
        } catch (IOException e) {
            return List.of();
        }
        out.sort(null);
        return out;
    }
}
