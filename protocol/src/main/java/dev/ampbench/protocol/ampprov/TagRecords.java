package dev.ampbench.protocol.ampprov;

import java.util.Arrays;
import java.util.Optional;

/**
 * The tag's two non-volatile records (spec section "Non-volatile state"), each written in one store write so a
 * power cut leaves either the old or the new value.
 */
final class TagRecords {
    /** Provisioning result; its presence is what "provisioned" means after boot. */
    static final String PROVISIONING = "ampprov.provisioning";
    /** Current KeySel, Cntr and last accepted downlink Seq. */
    static final String SESSION = "ampprov.session";

    private TagRecords() {
    }

    /** KdfMode(1) || GWID(4) || LocalAddr(2) || TkNonce(8) || TagNonce(8) || InitialKeySel(1). */
    record Provisioning(KdfMode mode, long gatewayId, int localAddr, byte[] tkNonce, byte[] tagNonce,
                        int initialKeySel) {
        static final int LENGTH = 1 + AmpProvParams.GWID_LEN + AmpProvParams.LOCAL_ADDR_LEN
                + 2 * AmpProvParams.NONCE_LEN + 1;

        byte[] encode() {
            byte[] out = new byte[LENGTH];
            out[0] = (byte) mode.code();
            AmpProvKdf.putBe(out, 1, AmpProvParams.GWID_LEN, gatewayId);
            AmpProvKdf.putBe(out, 5, AmpProvParams.LOCAL_ADDR_LEN, localAddr);
            System.arraycopy(tkNonce, 0, out, 7, AmpProvParams.NONCE_LEN);
            System.arraycopy(tagNonce, 0, out, 15, AmpProvParams.NONCE_LEN);
            out[23] = (byte) initialKeySel;
            return out;
        }

        static Optional<Provisioning> decode(byte[] b) {
            if (b.length != LENGTH) {
                return Optional.empty();
            }
            Optional<KdfMode> mode = KdfMode.fromCode(b[0] & 0xff);
            int addr = (int) AmpProvKdf.getBe(b, 5, AmpProvParams.LOCAL_ADDR_LEN);
            int keySel = b[23] & 0xff;
            if (mode.isEmpty() || !AmpProvParams.assignable(addr) || !AmpProvParams.validKeySel(keySel)) {
                return Optional.empty();
            }
            return Optional.of(new Provisioning(mode.get(), AmpProvKdf.getBe(b, 1, AmpProvParams.GWID_LEN), addr,
                    Arrays.copyOfRange(b, 7, 15), Arrays.copyOfRange(b, 15, 23), keySel));
        }
    }

    /** KeySel(1) || Cntr(4) || RxSeq(4). */
    record Session(int keySel, long cntr, long rxSeq) {
        static final int LENGTH = 1 + AmpProvParams.CNTR_LEN + AmpProvParams.SEQ_LEN;

        byte[] encode() {
            byte[] out = new byte[LENGTH];
            out[0] = (byte) keySel;
            AmpProvKdf.putBe(out, 1, AmpProvParams.CNTR_LEN, cntr);
            AmpProvKdf.putBe(out, 5, AmpProvParams.SEQ_LEN, rxSeq);
            return out;
        }

        static Optional<Session> decode(byte[] b) {
            if (b.length != LENGTH || !AmpProvParams.validKeySel(b[0] & 0xff)) {
                return Optional.empty();
            }
            return Optional.of(new Session(b[0] & 0xff, AmpProvKdf.getBe(b, 1, AmpProvParams.CNTR_LEN),
                    AmpProvKdf.getBe(b, 5, AmpProvParams.SEQ_LEN)));
        }
    }
}
