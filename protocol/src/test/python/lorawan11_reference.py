#!/usr/bin/env python3
"""Independent reference for the LoRaWAN 1.1 data-frame constructions that known-answers.json has no vector for.

Written from LoRaWAN 1.1 sections 4.3.1.6, 4.3.3 and 4.4 (with the 1.1 errata's FOpts A-block), using the
`cryptography` package's AES and CMAC, not ampbench code. LoRaWan11ReferenceTest pastes its output.
Run: python3 protocol/src/test/python/lorawan11_reference.py
"""
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.cmac import CMAC


def aes(key, block):
    e = Cipher(algorithms.AES(key), modes.ECB()).encryptor()
    return e.update(block) + e.finalize()


def cmac(key, data):
    c = CMAC(algorithms.AES(key))
    c.update(data)
    return c.finalize()


def le(v, n):
    return v.to_bytes(n, "little")


def keystream_xor(key, direction, dev_addr, fcnt, data):
    out = bytearray()
    for i in range(0, len(data), 16):
        a = b"\x01" + b"\x00" * 4 + bytes([direction]) + le(dev_addr, 4) + le(fcnt, 4) + b"\x00" + bytes([i // 16 + 1])
        s = aes(key, a)
        out += bytes(x ^ y for x, y in zip(data[i:i + 16], s))
    return bytes(out)


def fopts_xor(key, direction, a_fcnt_down, dev_addr, fcnt, data):
    a = b"\x01" + b"\x00" * 3 + bytes([2 if a_fcnt_down else 1]) + bytes([direction]) + le(dev_addr, 4) \
        + le(fcnt, 4) + b"\x00" + b"\x01"
    s = aes(key, a)
    return bytes(x ^ y for x, y in zip(data, s))


f_nwk = bytes.fromhex("000102030405060708090a0b0c0d0e0f")
s_nwk = bytes.fromhex("101112131415161718191a1b1c1d1e1f")
nwk_enc = bytes.fromhex("202122232425262728292a2b2c2d2e2f")
app_s = bytes.fromhex("303132333435363738393a3b3c3d3e3f")
dev_addr = 0x26011bda

# Uplink: ConfirmedDataUp, FCnt 0x00012345 (0x2345 on the air), ACK set acknowledging downlink ConfFCnt 0x0007,
# FOpts 02 (LinkCheckReq) encrypted with NwkSEncKey, FPort 10, payload "ampbench", TxDr 0, TxCh 0.
fcnt = 0x00012345
fopts = fopts_xor(nwk_enc, 0, False, dev_addr, fcnt, bytes.fromhex("02"))
payload = keystream_xor(app_s, 0, dev_addr, fcnt, b"ampbench")
fctrl = 0x20 | len(fopts)
msg = bytes([0x80]) + le(dev_addr, 4) + bytes([fctrl]) + le(fcnt & 0xffff, 2) + fopts + bytes([10]) + payload
b0 = b"\x49" + b"\x00" * 4 + b"\x00" + le(dev_addr, 4) + le(fcnt, 4) + b"\x00" + bytes([len(msg)])
b1 = b"\x49" + le(7, 2) + b"\x00" + b"\x00" + b"\x00" + le(dev_addr, 4) + le(fcnt, 4) + b"\x00" + bytes([len(msg)])
mic = cmac(s_nwk, b1 + msg)[:2] + cmac(f_nwk, b0 + msg)[:2]
print("uplink  ", (msg + mic).hex())

# Downlink: UnconfirmedDataDown on FPort 3 (AFCntDown 0x00000102), ACK set acknowledging uplink FCnt 0x2345,
# FOpts 0302 encrypted with the AFCntDown A-block, payload 010203.
fcnt = 0x102
fopts = fopts_xor(nwk_enc, 1, True, dev_addr, fcnt, bytes.fromhex("0302"))
payload = keystream_xor(app_s, 1, dev_addr, fcnt, bytes.fromhex("010203"))
fctrl = 0x20 | len(fopts)
msg = bytes([0x60]) + le(dev_addr, 4) + bytes([fctrl]) + le(fcnt & 0xffff, 2) + fopts + bytes([3]) + payload
b0 = b"\x49" + le(0x2345, 2) + b"\x00\x00" + b"\x01" + le(dev_addr, 4) + le(fcnt, 4) + b"\x00" + bytes([len(msg)])
mic = cmac(s_nwk, b0 + msg)[:4]
print("downlink", (msg + mic).hex())

# FPort 0 downlink (NFCntDown 5): MAC commands in FRMPayload, encrypted with NwkSEncKey.
fcnt = 5
payload = keystream_xor(nwk_enc, 1, dev_addr, fcnt, bytes.fromhex("0205010203"))
msg = bytes([0x60]) + le(dev_addr, 4) + bytes([0]) + le(fcnt, 2) + bytes([0]) + payload
b0 = b"\x49" + b"\x00" * 4 + b"\x01" + le(dev_addr, 4) + le(fcnt, 4) + b"\x00" + bytes([len(msg)])
print("port0   ", (msg + cmac(s_nwk, b0 + msg)[:4]).hex())

# JSIntKey and JSEncKey (LoRaWAN 1.1 section 6.1.1): aes128_encrypt(NwkKey, 0x06 / 0x05 | DevEUI | pad16).
nwk_key = bytes.fromhex("2b7e151628aed2a6abf7158809cf4f3c")
dev_eui = 0x70b3d57ed0000001
print("jsIntKey", aes(nwk_key, b"\x06" + le(dev_eui, 8) + b"\x00" * 7).hex())
print("jsEncKey", aes(nwk_key, b"\x05" + le(dev_eui, 8) + b"\x00" * 7).hex())
