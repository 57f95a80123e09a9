package dev.ampbench.protocol.inspect;

import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.crypto.KeyMaterial;
import java.util.Map;

/**
 * Looks inside one frame of a profile with the keys a user holds: decrypts what they open and says whether each
 * MIC verifies. Sans-I/O: bytes and keys in, an {@link Inspection} out. What a single frame cannot tell (a MIC over
 * a transcript of earlier frames, a counter's upper bits never sent on the air) is reported as not checked, with the
 * reason, never guessed.
 */
public interface FrameInspector {
    Profile profile();

    /**
     * The key names this profile accepts, as its spec names them, each with what it opens; in the order help
     * should list them.
     */
    Map<String, String> keyNames();

    /**
     * @param keys by the names of {@link #keyNames()} (exact spelling; {@link FrameInspectors#keyName} finds it
     *             case-insensitively)
     * @throws FrameDecodeException when the frame itself is malformed
     * @throws IllegalArgumentException when a key has the wrong length for its name (the message names the key)
     */
    Inspection inspect(byte[] frame, Map<String, KeyMaterial> keys) throws FrameDecodeException;
}
