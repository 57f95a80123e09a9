package dev.ampbench.protocol.codec;

/**
 * What a frame field is, for decoding display, field-aware fuzzing, MIC fix-up and dissection.
 */
public enum FieldKind {
    /** A value that must never repeat: ANonce, SNonce, DevNonce, JoinNonce, network and device nonces. */
    NONCE,
    /** A message integrity code or MAC, always computed over other fields of the same frame. */
    MIC,
    /** An address or identifier that selects a device or network: EUIs, DevAddr, local address, AA/SA. */
    ADDRESS,
    /** A counter that must only move forward: FCnt, key counter, sequence numbers. */
    COUNTER,
    /** A length of another field. */
    LENGTH,
    /** A frame or message type, version or command code. */
    TYPE,
    /** Application data or a nested structure carried as bytes (encrypted or not). */
    PAYLOAD,
    /** Selects a key: key index, key counter selector, security policy of the keys to use. */
    KEY_ID,
    /** Settings and flags: DLSettings, FCtrl, RxDelay, capability bits. */
    PARAMETER
}
