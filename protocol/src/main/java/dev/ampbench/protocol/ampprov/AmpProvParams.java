package dev.ampbench.protocol.ampprov;

/** The profile's fixed sizes and reserved values (spec section "Parameters"). */
public final class AmpProvParams {
    /** GWID: gateway identifier, 4 bytes. */
    public static final int GWID_LEN = 4;
    /** IdHash: the first 8 bytes of SHA-256(A_pubk), the tag's public handle during provisioning. */
    public static final int ID_HASH_LEN = 8;
    /** TagNonce and TkNonce, 8 bytes each. */
    public static final int NONCE_LEN = 8;
    /** LocalAddr, 2 bytes big-endian. */
    public static final int LOCAL_ADDR_LEN = 2;
    /** 0x0000 means "no address"; never assigned. */
    public static final int LOCAL_ADDR_NONE = 0x0000;
    /** 0xFFFF is reserved for broadcast; never assigned to a tag. */
    public static final int LOCAL_ADDR_BROADCAST = 0xFFFF;
    /** MIC of PROV_RESPONSE and PROV_CONFIRM (truncated AES-CMAC) and of protected frames (AES-CCM tag). */
    public static final int MIC_LEN = 8;
    /** Temporal and session keys: 16 bytes (AES-128), as the slides' HKDF-Expand(..., 16). */
    public static final int KEY_LEN = 16;
    /** Cntr (key counter) and Seq: 4 bytes big-endian. */
    public static final int CNTR_LEN = 4;
    public static final int SEQ_LEN = 4;
    /** Largest Cntr / Seq value. */
    public static final long MAX_COUNTER = 0xFFFF_FFFFL;

    private AmpProvParams() {
    }

    /** True for a LocalAddr that may be assigned to a tag. */
    public static boolean assignable(int localAddr) {
        return localAddr > LOCAL_ADDR_NONE && localAddr < LOCAL_ADDR_BROADCAST;
    }

    /** True for a KeySel value: 1 selects TK1, 2 selects TK2. */
    public static boolean validKeySel(int keySel) {
        return keySel == 1 || keySel == 2;
    }
}
