#!/usr/bin/env python3
"""Independent reference for the amp-sec expected values in AmpSecReferenceTest.

Written from docs/protocols/amp-sec.md and IEEE 802.11-2020 12.7.1 with Python's hmac/hashlib and the
`cryptography` package (AES-CMAC, AES-CCM); shares no code with the Java implementation. Run: python3 reference.py
"""
import hashlib
import hmac
from cryptography.hazmat.primitives.cmac import CMAC
from cryptography.hazmat.primitives.ciphers import algorithms
from cryptography.hazmat.primitives.ciphers.aead import AESCCM

H = bytes.fromhex


def kdf_sha256(key, label, context, bits):
    out = b""
    i = 1
    while len(out) * 8 < bits:
        out += hmac.new(key, i.to_bytes(2, "little") + label + context + bits.to_bytes(2, "little"),
                        hashlib.sha256).digest()
        i += 1
    return out[: bits // 8]


def prf_sha1(key, label, data, bits):
    out = b""
    i = 0
    while len(out) * 8 < bits:
        out += hmac.new(key, label + b"\x00" + data + bytes([i]), hashlib.sha1).digest()
        i += 1
    return out[: bits // 8]


def cmac(key, msg):
    c = CMAC(algorithms.AES(key))
    c.update(msg)
    return c.finalize()


def expansion(aa, sa, an, sn):
    return min(aa, sa) + max(aa, sa) + min(an, sn) + max(an, sn)


PMK = H("0dc0d6eb90555ed6419756b9a15ec3e3209b63df707dd508d14581f8982721af")
AA = H("a0a1a1a3a4a5")
SA = H("b0b1b2b3b4b5")
ANONCE = H("e0e1e2e3e4e5e6e7e8e9f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff000102030405")
SNONCE = H("c0c1c2c3c4c5c6c7c8c9d0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5")

# PMK update: PMK' = KDF-256(PMK, "AMP PMK update", AA || SA || LE16(gen)) with the AKM's KDF
print("pmk gen1", kdf_sha256(PMK, b"AMP PMK update", AA + SA + (1).to_bytes(2, "little"), 256).hex())
print("pmk gen7 prf", prf_sha1(PMK, b"AMP PMK update", AA + SA + (7).to_bytes(2, "little"), 256).hex())

# HMAC-SHA1-128 MIC of the PRF-SHA1 AKM
kck_sha1 = prf_sha1(PMK, b"Pairwise key expansion", expansion(AA, SA, ANONCE, SNONCE), 384)[:16]
print("sha1 kck", kck_sha1.hex())
print("sha1 mic(abc)", hmac.new(kck_sha1, b"abc", hashlib.sha1).digest()[:16].hex())

# Default AKM: handshake transcript, 6-octet addresses, 32-octet nonces, Format 0x05, ANonceId 0, generation 0
ptk = kdf_sha256(PMK, b"Pairwise key expansion", expansion(AA, SA, ANONCE, SNONCE), 384)
kck, tk = ptk[:16], ptk[32:48]
trigger = H("0105") + AA + H("ffffffffffff") + H("0000") + ANONCE
resp_header = H("0205") + AA + SA + H("0000") + H("0000") + SNONCE
ul = b"hello"
nonce0 = H("00") + SA + (0).to_bytes(6, "big")
sealed = AESCCM(tk, tag_length=8).encrypt(nonce0, ul, resp_header)
resp_no_mic = resp_header + sealed
response = resp_no_mic + cmac(kck, trigger + resp_no_mic)
print("trigger", trigger.hex())
print("response", response.hex())
confirm_header = H("0305") + AA + SA + H("0000") + H("0000")
confirm = confirm_header + cmac(kck, trigger + response + confirm_header)
print("confirm", confirm.hex())
ul_header = H("0405") + AA + SA + (1).to_bytes(6, "big")
nonce1 = H("00") + SA + (1).to_bytes(6, "big")
print("uplink", (ul_header + AESCCM(tk, tag_length=8).encrypt(nonce1, b"ping", ul_header)).hex())
dl_header = H("0505") + AA + SA + (1).to_bytes(6, "big")
nonce1d = H("01") + SA + (1).to_bytes(6, "big")
print("downlink", (dl_header + AESCCM(tk, tag_length=8).encrypt(nonce1d, b"pong", dl_header)).hex())
upd_header = H("0605") + AA + SA + (2).to_bytes(6, "big") + (1).to_bytes(2, "big")
print("pmkupdate", (upd_header + cmac(kck, upd_header)).hex())
