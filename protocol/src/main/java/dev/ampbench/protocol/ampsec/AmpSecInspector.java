package dev.ampbench.protocol.ampsec;

import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.codec.Frame;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.crypto.AesCcm;
import dev.ampbench.protocol.crypto.ConstantTime;
import dev.ampbench.protocol.crypto.KeyMaterial;
import dev.ampbench.protocol.inspect.FrameInspector;
import dev.ampbench.protocol.inspect.Inspection;
import dev.ampbench.protocol.inspect.Inspection.Check;
import dev.ampbench.protocol.inspect.Inspection.Plaintext;
import dev.ampbench.protocol.inspect.Inspection.Verdict;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * amp-sec frames opened with a session's keys (docs/protocols/amp-sec.md section 6): {@code PTK} (48 octets, split
 * into KCK = PTK[0..15] and TK = PTK[32..47]), or {@code KCK} and {@code TK} on their own.
 *
 * <ul>
 *   <li>UplinkData, DownlinkData: CCM MIC checked and Data decrypted under TK (6.3).</li>
 *   <li>Response: its UlData, when present, checked and decrypted under TK with PN 0; its MIC is over the Trigger
 *   and the Response (6.1), so a Response alone cannot be checked.</li>
 *   <li>Confirm: its MIC covers Trigger, Response and Confirm: not checked from one frame.</li>
 *   <li>PmkUpdate: MIC under KCK with the AKM the Format octet names (6.4).</li>
 *   <li>Trigger: carries no MIC.</li>
 * </ul>
 */
public final class AmpSecInspector implements FrameInspector {
    public static final String PTK = "PTK";
    public static final String KCK = "KCK";
    public static final String TK = "TK";
    private static final int PTK_LENGTH = 48;

    @Override
    public Profile profile() {
        return Profile.AMP_SEC;
    }

    @Override
    public Map<String, String> keyNames() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(PTK, "48 octets, KCK || KEK || TK: everything KCK and TK open");
        m.put(KCK, "16 octets: the PmkUpdate MIC");
        m.put(TK, "16 octets: CCM of UplinkData, DownlinkData and a Response's UlData");
        return m;
    }

    @Override
    public Inspection inspect(byte[] bytes, Map<String, KeyMaterial> keys) throws FrameDecodeException {
        KeyMaterial kck = keys.get(KCK);
        KeyMaterial tk = keys.get(TK);
        KeyMaterial ptk = keys.get(PTK);
        if (ptk != null) {
            if (ptk.length() != PTK_LENGTH) {
                throw new IllegalArgumentException(PTK + " must be " + PTK_LENGTH + " octets, not " + ptk.length());
            }
            byte[] p = ptk.bytes();
            kck = kck != null ? kck : KeyMaterial.of(Arrays.copyOfRange(p, 0, 16));
            tk = tk != null ? tk : KeyMaterial.of(Arrays.copyOfRange(p, 32, 48));
        }
        for (String name : List.of(KCK, TK)) {
            KeyMaterial k = keys.get(name);
            if (k != null && k.length() != 16) {
                throw new IllegalArgumentException(name + " must be 16 octets, not " + k.length());
            }
        }
        Frame frame = new AmpSecCodec().decode(bytes);
        if (frame instanceof UplinkDataFrame u) {
            return data(u.type(), bytes, u.sealed(), AmpSecCcm.UPLINK, u.sa(), u.pn(), tk);
        }
        if (frame instanceof DownlinkDataFrame d) {
            return data(d.type(), bytes, d.sealed(), AmpSecCcm.DOWNLINK, d.sa(), d.pn(), tk);
        }
        if (frame instanceof ResponseFrame r) {
            Check mic = new Check("MIC", Verdict.NOT_CHECKED, "the Response MIC covers the Trigger too "
                    + "(TriggerBytes || ResponseBytes): not checkable from this frame alone");
            byte[] sealed = r.sealedUlData();
            if (sealed.length == 0) {
                return new Inspection(r.type(), List.of(mic), List.of());
            }
            int aadEnd = bytes.length - AmpSecAkm.MIC_LENGTH - sealed.length;
            Inspection ul = ccm("UlData", Arrays.copyOfRange(bytes, 0, aadEnd), sealed, AmpSecCcm.UPLINK, r.sa(), 0,
                    tk, r.type());
            return new Inspection(r.type(), List.of(mic, ul.checks().get(0)), ul.plaintexts());
        }
        if (frame instanceof ConfirmFrame c) {
            return new Inspection(c.type(), List.of(new Check("MIC", Verdict.NOT_CHECKED, "the Confirm MIC covers "
                    + "Trigger, Response and Confirm: not checkable from this frame alone")), List.of());
        }
        if (frame instanceof PmkUpdateFrame u) {
            if (kck == null) {
                return new Inspection(u.type(), List.of(new Check("MIC", Verdict.NOT_CHECKED, "needs " + KCK
                        + " or " + PTK)), List.of());
            }
            byte[] signed = Arrays.copyOf(bytes, bytes.length - AmpSecAkm.MIC_LENGTH);
            AmpSecAkm akm = u.format().akm();
            boolean ok = ConstantTime.equal(u.mic(), akm.mic(kck, signed));
            return new Inspection(u.type(), List.of(new Check("MIC", ok ? Verdict.VERIFIED : Verdict.FAILED,
                    akm.name() + " MIC under " + KCK)), List.of());
        }
        return new Inspection(frame.type(), List.of(new Check("MIC", Verdict.NOT_CHECKED, frame.type()
                + " carries no MIC")), List.of());
    }

    private static Inspection data(String type, byte[] bytes, byte[] sealed, int direction, byte[] sa, long pn,
                                   KeyMaterial tk) {
        byte[] aad = Arrays.copyOfRange(bytes, 0, bytes.length - sealed.length);
        return ccm("Data", aad, sealed, direction, sa, pn, tk, type);
    }

    private static Inspection ccm(String field, byte[] aad, byte[] sealed, int direction, byte[] sa, long pn,
                                  KeyMaterial tk, String type) {
        String what = "CCM MIC of " + field;
        if (tk == null) {
            return new Inspection(type, List.of(new Check(what, Verdict.NOT_CHECKED, "needs " + TK + " or " + PTK)),
                    List.of());
        }
        byte[] plain = AesCcm.open(tk, AmpSecCcm.nonce(direction, sa, pn), aad, sealed, AmpSecCcm.TAG_LENGTH);
        String detail = "AES-128-CCM under " + TK + ", PN " + pn;
        if (plain == null) {
            return new Inspection(type, List.of(new Check(what, Verdict.FAILED, detail)), List.of());
        }
        return new Inspection(type, List.of(new Check(what, Verdict.VERIFIED, detail)),
                List.of(new Plaintext(field, TK, plain, List.of())));
    }
}
