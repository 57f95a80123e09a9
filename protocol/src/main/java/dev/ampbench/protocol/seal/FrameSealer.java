package dev.ampbench.protocol.seal;

import dev.ampbench.protocol.codec.FieldDescriptor;
import dev.ampbench.protocol.codec.FieldKind;
import dev.ampbench.protocol.codec.Frame;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.codec.ProfileCodec;

import java.util.Arrays;
import java.util.Optional;

/**
 * Recomputes the integrity field (MIC, Mac, CCM tag) of a frame the bench's counterpart sends, after a fuzzer changed
 * other fields of it, so a device's integrity check passes and the logic behind it is reached (the fuzzer's MIC
 * fix-up mode, docs/fuzzing.md). It holds the keys of one device, as the counterpart does, and follows the exchange
 * ({@link #observe}) to know the current session keys. Pure: no I/O, no clock, no randomness; it never puts a key
 * in a result or a message.
 */
public interface FrameSealer {

    /** Follows one valid frame of the exchange, either direction, in air order (handshakes, joins, counters). */
    void observe(byte[] frame);

    /**
     * The mutated frame with its integrity field recomputed as the counterpart would compute it for these contents
     * under its current keys; every other octet is the mutated frame's. Empty when the frame carries no integrity
     * field, does not decode, or no keys for it are known yet (the caller then sends it raw).
     *
     * @param valid   the frame as the counterpart sent it (its session is the one the seal uses)
     * @param mutated the same frame after mutation
     */
    Optional<byte[]> reseal(byte[] valid, byte[] mutated);

    /** A sealer for frames without integrity protection: never reseals. */
    FrameSealer NONE = new FrameSealer() {
        @Override
        public void observe(byte[] frame) {
        }

        @Override
        public Optional<byte[]> reseal(byte[] valid, byte[] mutated) {
            return Optional.empty();
        }
    };

    /**
     * {@code bytes} with the frame's last MIC-kind field set to {@code mic}; empty when {@code decoded} does not
     * re-encode to exactly {@code bytes} (a MIC over other octets than the ones sent would be wrong) or has no MIC
     * field of that length.
     */
    static Optional<byte[]> withMic(byte[] bytes, Frame decoded, byte[] mic) {
        if (!Arrays.equals(decoded.encode(), bytes)) {
            return Optional.empty();
        }
        FieldDescriptor field = null;
        for (FieldDescriptor f : decoded.fields()) {
            if (f.kind() == FieldKind.MIC && f.length() > 0) {
                field = f;
            }
        }
        if (field == null || field.length() != mic.length) {
            return Optional.empty();
        }
        byte[] out = bytes.clone();
        System.arraycopy(mic, 0, out, field.offset(), mic.length);
        return Optional.of(out);
    }

    /** The frame {@code codec} decodes from {@code bytes}, or null when it does not decode (a sealer then seals nothing). */
    static Frame decodeOrNull(ProfileCodec codec, byte[] bytes) {
        try {
            return codec.decode(bytes);
        } catch (FrameDecodeException | RuntimeException e) {
            return null;
        }
    }
}
