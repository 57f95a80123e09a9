package dev.ampbench.protocol.lorawan;

import dev.ampbench.protocol.codec.FieldDescriptor;
import dev.ampbench.protocol.codec.FieldKind;
import dev.ampbench.protocol.codec.Frame;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.codec.FrameReader;
import dev.ampbench.protocol.codec.Hex;
import java.util.Arrays;
import java.util.List;

/**
 * A JoinAccept as it travels: MHDR in the clear, then the encrypted JoinNonce..MIC (16 bytes, or 32 with a
 * CFList). Only a holder of the device's root key can look inside; {@link JoinAcceptContent} is the decrypted view.
 *
 * @param encrypted the 16 or 32 encrypted bytes after MHDR
 */
public record JoinAccept(byte[] encrypted) implements Frame {

    public JoinAccept {
        if (encrypted.length != 16 && encrypted.length != 32) {
            throw new IllegalArgumentException("encrypted JoinAccept is 16 or 32 bytes, not " + encrypted.length);
        }
        encrypted = encrypted.clone();
    }

    @Override
    public byte[] encrypted() {
        return encrypted.clone();
    }

    public static JoinAccept decode(byte[] bytes) throws FrameDecodeException {
        FrameReader r = new FrameReader(bytes);
        Mhdr.expect(r, MType.JOIN_ACCEPT);
        int n = r.remaining();
        if (n != 16 && n != 32) {
            throw new FrameDecodeException("EncryptedPayload", r.position(),
                    n + " bytes: must be 16 (no CFList) or 32 (with CFList)");
        }
        return new JoinAccept(r.rest("EncryptedPayload", FieldKind.PAYLOAD));
    }

    private Layout layout() {
        return new Layout(1 + encrypted.length)
                .u8("MHDR", FieldKind.TYPE, MType.JOIN_ACCEPT.mhdr())
                .bytes("EncryptedPayload", FieldKind.PAYLOAD, encrypted);
    }

    @Override
    public String type() {
        return MType.JOIN_ACCEPT.frameName();
    }

    @Override
    public byte[] encode() {
        return layout().bytes();
    }

    @Override
    public List<FieldDescriptor> fields() {
        return layout().fields();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JoinAccept other && Arrays.equals(encrypted, other.encrypted);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encrypted);
    }

    @Override
    public String toString() {
        return "JoinAccept[encrypted=" + Hex.encode(encrypted) + "]";
    }
}
