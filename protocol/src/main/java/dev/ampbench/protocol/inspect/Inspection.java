package dev.ampbench.protocol.inspect;

import dev.ampbench.protocol.codec.FieldDescriptor;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link FrameInspector} found in one frame: a verdict per integrity check, and each plaintext the keys
 * opened (with its own field descriptors where the plaintext has fields, e.g. a LoRaWAN JoinAccept).
 */
public record Inspection(String type, List<Check> checks, List<Plaintext> plaintexts) {
    public Inspection {
        Objects.requireNonNull(type, "type");
        checks = List.copyOf(checks);
        plaintexts = List.copyOf(plaintexts);
    }

    /** The outcome of one integrity check. */
    public enum Verdict {
        /** the MIC computed under the key equals the frame's */
        VERIFIED,
        /** it does not: wrong key, or a corrupted or forged frame */
        FAILED,
        /** not computed: a key is missing or the frame alone does not carry all the MIC covers (see the reason) */
        NOT_CHECKED
    }

    /**
     * @param what   which check, e.g. "MIC"
     * @param detail how it was computed (construction and key name), or why it was not
     */
    public record Check(String what, Verdict verdict, String detail) {
        public Check {
            Objects.requireNonNull(what, "what");
            Objects.requireNonNull(verdict, "verdict");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /**
     * @param field  the field it was decrypted from, e.g. "FRMPayload"
     * @param key    the name of the key that opened it
     * @param fields descriptors over {@code bytes} when the plaintext has a structure, else empty
     */
    public record Plaintext(String field, String key, byte[] bytes, List<FieldDescriptor> fields) {
        public Plaintext {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(key, "key");
            bytes = bytes.clone();
            fields = List.copyOf(fields);
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }
    }

    /** The verdict of the first check named {@code what}, if there is one. */
    public java.util.Optional<Verdict> verdict(String what) {
        return checks.stream().filter(c -> c.what().equals(what)).map(Check::verdict).findFirst();
    }
}
