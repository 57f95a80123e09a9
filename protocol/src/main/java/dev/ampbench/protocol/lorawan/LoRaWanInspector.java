package dev.ampbench.protocol.lorawan;

import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.codec.Frame;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.crypto.ConstantTime;
import dev.ampbench.protocol.crypto.KeyMaterial;
import dev.ampbench.protocol.inspect.FrameInspector;
import dev.ampbench.protocol.inspect.Inspection;
import dev.ampbench.protocol.inspect.Inspection.Check;
import dev.ampbench.protocol.inspect.Inspection.Plaintext;
import dev.ampbench.protocol.inspect.Inspection.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * LoRaWAN frames opened with the keys of TS001-1.0.4 and LoRaWAN 1.1 (key names as the specs spell them).
 *
 * <ul>
 *   <li>JoinRequest: MIC under NwkKey (1.1) or AppKey (1.0.x).</li>
 *   <li>JoinAccept: decrypted with NwkKey (1.1) or AppKey (1.0.x) (a JoinAccept answering a JoinRequest; JSEncKey
 *   only encrypts answers to Rejoin requests, out of scope). Without OptNeg its MIC is under the same key; with
 *   OptNeg (1.1) the MIC covers the JoinRequest's JoinEUI and DevNonce, which the JoinAccept does not carry: not
 *   checked.</li>
 *   <li>Data frames, 1.0.x (NwkSKey given): MIC under NwkSKey; FRMPayload decrypted with AppSKey (FPort 1..255) or
 *   NwkSKey (FPort 0).</li>
 *   <li>Data frames, 1.1 (FNwkSIntKey, SNwkSIntKey or NwkSEncKey given): uplink MIC = cmacS[0..1] | cmacF[0..1],
 *   the FNwkSIntKey half over B0 checked exactly, the SNwkSIntKey half over B1 with ConfFCnt, TxDr and TxCh 0 (what
 *   the bench and emulator use; a real radio's values differ, so a failing SNwkSIntKey half may be the radio's);
 *   downlink MIC under SNwkSIntKey with ConfFCnt 0 (not checked when the ACK bit is set: ConfFCnt is then the
 *   acknowledged uplink's, which the frame does not carry); FOpts decrypted with NwkSEncKey, FRMPayload with
 *   AppSKey or NwkSEncKey.</li>
 * </ul>
 * Only the 16 low bits of FCnt travel on the air; the inspector takes the upper 16 bits as zero (a session's first
 * 65,536 frames) and says so in each check's detail.
 */
public final class LoRaWanInspector implements FrameInspector {
    public static final String APP_KEY = "AppKey";
    public static final String NWK_KEY = "NwkKey";
    public static final String NWK_S_KEY = "NwkSKey";
    public static final String APP_S_KEY = "AppSKey";
    public static final String F_NWK_S_INT_KEY = "FNwkSIntKey";
    public static final String S_NWK_S_INT_KEY = "SNwkSIntKey";
    public static final String NWK_S_ENC_KEY = "NwkSEncKey";
    private static final String MIC = "MIC";
    private static final String FCNT_NOTE = "FCnt upper 16 bits taken as 0";

    @Override
    public Profile profile() {
        return Profile.LORAWAN;
    }

    @Override
    public Map<String, String> keyNames() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(APP_KEY, "1.0.x root key: JoinRequest MIC, JoinAccept decryption and MIC (1.1: derives AppSKey only)");
        m.put(NWK_KEY, "1.1 root key: JoinRequest MIC, JoinAccept decryption and MIC (without OptNeg)");
        m.put(NWK_S_KEY, "1.0.x session: data frame MIC, FPort 0 payload");
        m.put(APP_S_KEY, "session: FRMPayload on FPort 1..255 (1.0.x and 1.1)");
        m.put(F_NWK_S_INT_KEY, "1.1 session: the uplink MIC's B0 half");
        m.put(S_NWK_S_INT_KEY, "1.1 session: the uplink MIC's B1 half, the downlink MIC");
        m.put(NWK_S_ENC_KEY, "1.1 session: FOpts, FPort 0 payload");
        return m;
    }

    @Override
    public Inspection inspect(byte[] bytes, Map<String, KeyMaterial> keys) throws FrameDecodeException {
        keys.forEach((name, key) -> {
            if (key.length() != 16) {
                throw new IllegalArgumentException(name + " must be 16 octets (AES-128), not " + key.length());
            }
        });
        Frame frame = new LoRaWanCodec().decode(bytes);
        if (frame instanceof JoinRequest jr) {
            return joinRequest(jr, keys);
        }
        if (frame instanceof JoinAccept ja) {
            return joinAccept(ja, keys);
        }
        if (frame instanceof DataFrame df) {
            return data(df, keys);
        }
        return new Inspection(frame.type(), List.of(new Check(MIC, Verdict.NOT_CHECKED,
                "no key-based check for " + frame.type())), List.of());
    }

    private static Inspection joinRequest(JoinRequest jr, Map<String, KeyMaterial> keys) {
        String name = keys.containsKey(NWK_KEY) ? NWK_KEY : keys.containsKey(APP_KEY) ? APP_KEY : null;
        Check c = name == null
                ? new Check(MIC, Verdict.NOT_CHECKED, "needs " + NWK_KEY + " (1.1) or " + APP_KEY + " (1.0.x)")
                : compare(jr.mic(), JoinCrypto.joinRequestMic(keys.get(name), jr), "AES-CMAC under " + name);
        return new Inspection(jr.type(), List.of(c), List.of());
    }

    private static Inspection joinAccept(JoinAccept ja, Map<String, KeyMaterial> keys) {
        String name = keys.containsKey(NWK_KEY) ? NWK_KEY : keys.containsKey(APP_KEY) ? APP_KEY : null;
        if (name == null) {
            return new Inspection(ja.type(), List.of(new Check(MIC, Verdict.NOT_CHECKED, "encrypted: needs "
                    + NWK_KEY + " (1.1) or " + APP_KEY + " (1.0.x)")), List.of());
        }
        byte[] plain = JoinCrypto.open(keys.get(name), ja);
        JoinAcceptContent content;
        try {
            content = JoinAcceptContent.decode(plain);
        } catch (FrameDecodeException e) {
            return new Inspection(ja.type(), List.of(new Check(MIC, Verdict.FAILED, "decrypted under " + name
                    + " to no valid JoinAccept (" + e.getMessage() + "): wrong key or a corrupted frame")),
                    List.of(new Plaintext("EncryptedPayload", name, plain, List.of())));
        }
        Plaintext p = new Plaintext("EncryptedPayload", name, plain, content.fields());
        Check c = content.optNeg()
                ? new Check(MIC, Verdict.NOT_CHECKED, "OptNeg set: the MIC is under JSIntKey over the JoinRequest's "
                + "JoinEUI and DevNonce, which this frame does not carry")
                : compare(content.mic(), JoinCrypto.joinAcceptMic(keys.get(name), content.signedPart(), false, 0, 0),
                "AES-CMAC under " + name);
        return new Inspection(ja.type(), List.of(c), List.of(p));
    }

    private static Inspection data(DataFrame f, Map<String, KeyMaterial> keys) {
        boolean v11 = keys.containsKey(F_NWK_S_INT_KEY) || keys.containsKey(S_NWK_S_INT_KEY)
                || keys.containsKey(NWK_S_ENC_KEY);
        boolean up = f.uplink();
        long fCnt = f.fCnt16();
        List<Check> checks = new ArrayList<>();
        List<Plaintext> plain = new ArrayList<>();
        byte[] msg = f.signedPart();
        if (!v11) {
            KeyMaterial k = keys.get(NWK_S_KEY);
            if (k == null) {
                checks.add(new Check(MIC, Verdict.NOT_CHECKED, "needs " + NWK_S_KEY + " (1.0.x), or "
                        + F_NWK_S_INT_KEY + "/" + S_NWK_S_INT_KEY + " (1.1)"));
            } else {
                byte[] b0 = LoRaWanCrypto.bBlock(new byte[4], up, f.devAddr(), fCnt, msg.length);
                checks.add(compare(f.mic(), LoRaWanCrypto.mic(k, b0, msg), "AES-CMAC under " + NWK_S_KEY
                        + " over B0; " + FCNT_NOTE));
            }
        } else if (up) {
            byte[] mic = f.mic();
            KeyMaterial fk = keys.get(F_NWK_S_INT_KEY);
            KeyMaterial sk = keys.get(S_NWK_S_INT_KEY);
            if (fk == null) {
                checks.add(new Check("MIC (B0 half)", Verdict.NOT_CHECKED, "needs " + F_NWK_S_INT_KEY));
            } else {
                byte[] b0 = LoRaWanCrypto.bBlock(new byte[4], true, f.devAddr(), fCnt, msg.length);
                byte[] cmacF = LoRaWanCrypto.cmac(fk, b0, msg);
                checks.add(compare(new byte[] {mic[2], mic[3]}, new byte[] {cmacF[0], cmacF[1]},
                        "MIC (B0 half)", "AES-CMAC under " + F_NWK_S_INT_KEY + " over B0, MIC octets 2..3; "
                                + FCNT_NOTE));
            }
            if (sk == null) {
                checks.add(new Check("MIC (B1 half)", Verdict.NOT_CHECKED, "needs " + S_NWK_S_INT_KEY));
            } else {
                byte[] b1 = LoRaWanCrypto.bBlock(new byte[4], true, f.devAddr(), fCnt, msg.length);
                byte[] cmacS = LoRaWanCrypto.cmac(sk, b1, msg);
                checks.add(compare(new byte[] {mic[0], mic[1]}, new byte[] {cmacS[0], cmacS[1]},
                        "MIC (B1 half)", "AES-CMAC under " + S_NWK_S_INT_KEY + " over B1 with ConfFCnt, TxDr and "
                                + "TxCh 0, MIC octets 0..1; " + FCNT_NOTE));
            }
        } else {
            KeyMaterial sk = keys.get(S_NWK_S_INT_KEY);
            if (sk == null) {
                checks.add(new Check(MIC, Verdict.NOT_CHECKED, "needs " + S_NWK_S_INT_KEY));
            } else if (f.ack()) {
                checks.add(new Check(MIC, Verdict.NOT_CHECKED, "ACK set: the MIC's B0 carries ConfFCnt, the "
                        + "acknowledged uplink's FCnt, which this frame does not carry"));
            } else {
                byte[] b0 = LoRaWanCrypto.bBlock(new byte[4], false, f.devAddr(), fCnt, msg.length);
                checks.add(compare(f.mic(), LoRaWanCrypto.mic(sk, b0, msg), "AES-CMAC under " + S_NWK_S_INT_KEY
                        + " over B0 with ConfFCnt 0; " + FCNT_NOTE));
            }
        }
        if (v11 && f.fOpts().length > 0 && keys.containsKey(NWK_S_ENC_KEY)) {
            plain.add(new Plaintext("FOpts", NWK_S_ENC_KEY, LoRaWanCrypto.fOptsCipher(keys.get(NWK_S_ENC_KEY), up,
                    FrameProtection.usesAFCntDown(up, f.fPort()), f.devAddr(), fCnt, f.fOpts()), List.of()));
        }
        if (f.hasPort() && f.frmPayload().length > 0) {
            String name = f.fPort() != 0 ? APP_S_KEY : v11 ? NWK_S_ENC_KEY : NWK_S_KEY;
            KeyMaterial k = keys.get(name);
            if (k != null) {
                plain.add(new Plaintext("FRMPayload", name, LoRaWanCrypto.frmPayloadCipher(k, up, f.devAddr(), fCnt,
                        f.frmPayload()), List.of()));
            }
        }
        return new Inspection(f.type(), checks, plain);
    }

    private static Check compare(byte[] carried, byte[] computed, String detail) {
        return compare(carried, computed, MIC, detail);
    }

    private static Check compare(byte[] carried, byte[] computed, String what, String detail) {
        return new Check(what, ConstantTime.equal(carried, computed) ? Verdict.VERIFIED : Verdict.FAILED, detail);
    }
}
