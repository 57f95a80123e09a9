package dev.ampbench.protocol.wire;

import dev.ampbench.protocol.Rule;

/**
 * The numbered rules of the bench wire protocol, as listed (with their reasons) in
 * {@code docs/bench-wire-protocol.md}, section "Rules". A bench verdict about the host interface cites one.
 */
public enum WireRule implements Rule {
    R1("A sender frames each message as flag, escaped message, escaped FCS-16 (least significant octet first), "
            + "flag; it always escapes 0x7E and 0x7D and should escape 0x11, 0x13 and 0xF8."),
    R2("A receiver discards octets until a flag, unescapes any octet that follows 0x7D by XOR 0x20, and aborts "
            + "the frame on 0x7D directly followed by a flag."),
    R3("Empty frames (back-to-back flags) are ignored and not counted."),
    R4("A frame with a bad FCS, or too short to hold a message octet and an FCS, is dropped, counted and never "
            + "answered."),
    R5("A frame longer than the receiver's buffer (MaxMessageSize + 2 unescaped octets, at most 1026) is dropped "
            + "and counted, and the receiver hunts for the next flag; an intact message the device cannot process "
            + "for its size (e.g. a radio frame too long for the profile) is answered with ERROR TOO_LARGE."),
    R6("The Header octet has sync bits 0b10 and reserved bits 0b00; anything else is malformed."),
    R7("The host sends every command with a TID of 1..15 not used by a command still awaiting its response, "
            + "cycling through 1..15."),
    R8("A device answers every intact command with exactly one response echoing its TID (typed response, ACK or "
            + "ERROR), in the order the commands arrived; an undecodable command gets ERROR MALFORMED (TID 0 if "
            + "the header is unsound), an unknown command type ERROR UNKNOWN_TYPE."),
    R9("Between peers of the same minor version decoding is strict: octets after the last field, unknown "
            + "enumerated values, bad UTF-8 and bad lengths are malformed."),
    R10("Major versions must match or the device answers HELLO with ERROR UNSUPPORTED_VERSION and the host stops; "
            + "a receiver of a message from a higher minor version ignores octets after the fields it knows and "
            + "unknown notification types."),
    R11("Notifications (AIR_EMIT, EVENT, LOG) carry TID 0, are never answered, and may arrive at any time."),
    R12("After every boot the device's first message is EVENT BOOT; the boot counter grows by one per boot, is kept "
            + "in non-volatile memory and is the same in EVENT BOOT, HELLO_RESPONSE, STATUS and HEARTBEAT_ACK."),
    R13("The device answers within 200 ms (RESET and NV_ERASE: ACK within 200 ms; EVENT BOOT within 5 s of a "
            + "RESET; NV_ERASE of all keys within 3 s); the host waits 500 ms before declaring a timeout."),
    R14("The host sends HEARTBEAT at least once a second while a session is idle; three unanswered heartbeats end "
            + "the session as lost, and a changed boot counter in HEARTBEAT_ACK reports a reboot."),
    R15("PERSONALIZE is accepted only by test firmware and the emulator (capability PERSONALIZE); production "
            + "firmware answers ERROR NOT_PERMITTED. Key items are never echoed or reported in any message."),
    R16("Firmware version and device label are public: they never carry keys or secret identities."),
    R17("A device sends the response to a command before any notification the command causes."),
    R18("A device with capability NV_WRITE_EVENTS sends EVENT NV_WRITE_BEGIN before a non-volatile write starts "
            + "and EVENT NV_WRITE_END after it completed, for every write."),
    R19("No side sends a message longer than the peer's announced MaxMessageSize; before the HELLO exchange the "
            + "host sends nothing longer than 64 octets, and the host always accepts 1024.");

    private final String summary;

    WireRule(String summary) {
        this.summary = summary;
    }

    @Override
    public String id() {
        return "WIRE-" + name();
    }

    @Override
    public String summary() {
        return summary;
    }
}
