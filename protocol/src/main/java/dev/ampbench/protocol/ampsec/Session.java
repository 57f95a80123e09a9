package dev.ampbench.protocol.ampsec;

/** An established security association, held in RAM only: the PTK's keys and the PNs used under them. */
record Session(AmpSecKeySchedule.Ptk ptk, PacketNumbers pn) {
}
