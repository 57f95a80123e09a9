package dev.ampbench.protocol.ampprov;

import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.codec.Frame;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.crypto.AesCcm;
import dev.ampbench.protocol.crypto.Hkdf;
import dev.ampbench.protocol.crypto.KeyMaterial;
import dev.ampbench.protocol.inspect.FrameInspector;
import dev.ampbench.protocol.inspect.Inspection;
import dev.ampbench.protocol.inspect.Inspection.Check;
import dev.ampbench.protocol.inspect.Inspection.Plaintext;
import dev.ampbench.protocol.inspect.Inspection.Verdict;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * amp-prov frames opened with a provisioning's keys (docs/protocols/amp-prov.md sections 7 and 8). A protected frame
 * names its KeySel and Cntr, so {@code TK1}/{@code TK2} derive its key Ek_x_i = HKDF-Expand(TKx, BE4(Cntr), 16); or
 * give that {@code Ek} directly. The PROV_RESPONSE and PROV_CONFIRM MICs (under KCK) also cover the request's
 * TagNonce and the tag's PubKeyHash, which neither frame carries: not checked from one frame.
 */
public final class AmpProvInspector implements FrameInspector {
    public static final String TK1 = "TK1";
    public static final String TK2 = "TK2";
    public static final String EK = "Ek";

    @Override
    public Profile profile() {
        return Profile.AMP_PROV;
    }

    @Override
    public Map<String, String> keyNames() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(TK1, "16 octets: derives Ek_1_i of protected frames with KeySel 1");
        m.put(TK2, "16 octets: derives Ek_2_i of protected frames with KeySel 2");
        m.put(EK, "16 octets: one protected frame's own key Ek_x_i");
        return m;
    }

    @Override
    public Inspection inspect(byte[] bytes, Map<String, KeyMaterial> keys) throws FrameDecodeException {
        keys.forEach((name, key) -> {
            if (key.length() != AmpProvParams.KEY_LEN) {
                throw new IllegalArgumentException(name + " must be " + AmpProvParams.KEY_LEN + " octets, not "
                        + key.length());
            }
        });
        Frame frame = new AmpProvCodec().decode(bytes);
        if (frame instanceof ProtectedFrame p) {
            String tkName = p.keySel() == 1 ? TK1 : TK2;
            KeyMaterial key;
            String source;
            if (keys.containsKey(EK)) {
                key = keys.get(EK);
                source = EK;
            } else if (keys.containsKey(tkName)) {
                byte[] c = new byte[AmpProvParams.CNTR_LEN];
                for (int i = 0; i < c.length; i++) {
                    c[i] = (byte) (p.cntr() >>> (8 * (c.length - 1 - i)));
                }
                key = Hkdf.expand(keys.get(tkName), c, AmpProvParams.KEY_LEN);
                source = "Ek_" + p.keySel() + "_" + p.cntr() + " from " + tkName;
            } else {
                return new Inspection(p.type(), List.of(new Check("MIC", Verdict.NOT_CHECKED, "needs " + tkName
                        + " (KeySel " + p.keySel() + ") or " + EK)), List.of());
            }
            byte[] header = p.header();
            byte[] plain = AesCcm.open(key, header, header, p.sealed(), AmpProvParams.MIC_LEN);
            String detail = "AES-128-CCM under " + source;
            if (plain == null) {
                return new Inspection(p.type(), List.of(new Check("MIC", Verdict.FAILED, detail)), List.of());
            }
            return new Inspection(p.type(), List.of(new Check("MIC", Verdict.VERIFIED, detail)),
                    plain.length == 0 ? List.of() : List.of(new Plaintext("Payload", source, plain, List.of())));
        }
        if (frame instanceof ProvResponse || frame instanceof ProvConfirm) {
            return new Inspection(frame.type(), List.of(new Check("MIC", Verdict.NOT_CHECKED, "the MIC under KCK "
                    + "also covers the request's TagNonce and the tag's PubKeyHash, which this frame does not carry")),
                    List.of());
        }
        return new Inspection(frame.type(), List.of(new Check("MIC", Verdict.NOT_CHECKED, frame.type()
                + " carries no MIC")), List.of());
    }
}
