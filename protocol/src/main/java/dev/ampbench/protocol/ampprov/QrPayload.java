package dev.ampbench.protocol.ampprov;

import dev.ampbench.protocol.codec.FieldDescriptor;
import dev.ampbench.protocol.codec.FieldKind;
import dev.ampbench.protocol.codec.Frame;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.codec.FrameReader;
import dev.ampbench.protocol.codec.FrameWriter;
import dev.ampbench.protocol.codec.Hex;
import dev.ampbench.protocol.crypto.Sha256;
import java.util.Arrays;
import java.util.List;

/**
 * What the tag's label QR code holds (slide 6): Hash(A_pubk) and the KDF modes the tag supports, nothing secret.
 * A_SN is deliberately absent: in the slides' derivation it is the tag's secret identity. The onboarding app sends
 * this to the AS, which enrols the tag for provisioning. Text form: {@code AMPPROV:} followed by the bytes in hex.
 *
 * @param modes      bit mask of {@link KdfMode}s the tag supports
 * @param pubKeyHash SHA-256(A_pubk), 32 bytes
 */
public record QrPayload(int modes, byte[] pubKeyHash) implements Frame {
    public static final int VERSION = 1;
    public static final String TEXT_PREFIX = "AMPPROV:";
    public static final int LENGTH = 2 + Sha256.LEN;

    public QrPayload {
        Decoding.require(modes != 0 && (modes & ~KdfMode.allBits()) == 0, "Modes must name known modes only");
        pubKeyHash = Decoding.copyOfLength(pubKeyHash, Sha256.LEN, "PubKeyHash");
    }

    /** The QR payload of a tag with this X25519 public key. */
    public static QrPayload forPublicKey(byte[] tagPublicKey, int modes) {
        return new QrPayload(modes, Sha256.hash(tagPublicKey));
    }

    @Override
    public byte[] pubKeyHash() {
        return pubKeyHash.clone();
    }

    public static QrPayload decode(byte[] bytes) throws FrameDecodeException {
        FrameReader r = new FrameReader(bytes);
        int version = r.u8("Version", FieldKind.TYPE);
        if (version != VERSION) {
            throw r.error("Version", "unsupported QR payload version " + version);
        }
        int modes = Decoding.modes(r);
        byte[] hash = r.bytes("PubKeyHash", Sha256.LEN, FieldKind.ADDRESS);
        r.end("PubKeyHash");
        return new QrPayload(modes, hash);
    }

    /** Parses the QR code's text. */
    public static QrPayload parse(String text) throws FrameDecodeException {
        if (text == null || !text.startsWith(TEXT_PREFIX)) {
            throw new FrameDecodeException("Version", 0, "QR text does not start with " + TEXT_PREFIX);
        }
        String hex = text.substring(TEXT_PREFIX.length());
        if (hex.length() != 2 * LENGTH || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new FrameDecodeException("Version", 0, "QR text must hold " + LENGTH + " bytes as hex digits");
        }
        return decode(Hex.decode(hex));
    }

    /** The text to put in the QR code. */
    public String toText() {
        return TEXT_PREFIX + Hex.encode(encode()).toUpperCase(java.util.Locale.ROOT);
    }

    private FrameWriter writer() {
        return new FrameWriter()
                .u8("Version", FieldKind.TYPE, VERSION)
                .u8("Modes", FieldKind.PARAMETER, modes)
                .bytes("PubKeyHash", FieldKind.ADDRESS, pubKeyHash);
    }

    @Override
    public String type() {
        return "QR_PAYLOAD";
    }

    @Override
    public byte[] encode() {
        return writer().toBytes();
    }

    @Override
    public List<FieldDescriptor> fields() {
        return writer().fields();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QrPayload q && q.modes == modes && Arrays.equals(q.pubKeyHash, pubKeyHash);
    }

    @Override
    public int hashCode() {
        return 31 * modes + Arrays.hashCode(pubKeyHash);
    }

    @Override
    public String toString() {
        return "QR_PAYLOAD[Modes=" + modes + ", PubKeyHash=" + Hex.encode(pubKeyHash) + "]";
    }
}
