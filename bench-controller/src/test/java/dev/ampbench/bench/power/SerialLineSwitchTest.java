package dev.ampbench.bench.power;

import dev.ampbench.bench.LabFault;
import dev.ampbench.bench.power.SerialLineSwitch.Line;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SerialLineSwitchTest {

    /** Records every call as the line level it would produce. */
    static final class FakeLines implements SerialLineSwitch.SerialLines {
        final List<String> calls = new ArrayList<>();
        boolean open;
        boolean dtr;
        boolean rts;
        boolean stuck;

        @Override
        public void open(boolean dtr, boolean rts) {
            calls.add("open DTR=" + (dtr ? 1 : 0) + " RTS=" + (rts ? 1 : 0));
            open = true;
            this.dtr = dtr;
            this.rts = rts;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void set(Line line, boolean asserted) {
            calls.add(line + "=" + (asserted ? 1 : 0));
            if (stuck) {
                return;
            }
            if (line == Line.DTR) {
                dtr = asserted;
            } else {
                rts = asserted;
            }
        }

        @Override
        public boolean get(Line line) {
            return line == Line.DTR ? dtr : rts;
        }

        @Override
        public String describe() {
            return "/dev/ttyFAKE0";
        }

        @Override
        public void close() {
            calls.add("close");
            open = false;
        }
    }

    @Test
    void dtrActiveHighOpensWithTheWantedLevelAndNeverReopens() throws LabFault {
        FakeLines lines = new FakeLines();
        try (SerialLineSwitch s = new SerialLineSwitch(lines, Line.DTR, false)) {
            assertEquals(PowerState.UNKNOWN, s.state());
            assertEquals(List.of(), lines.calls, "reading the state must not open the port");
            s.on();
            assertEquals(PowerState.ON, s.state());
            s.off();
            assertEquals(PowerState.OFF, s.state());
            s.on();
        }
        assertEquals(List.of("open DTR=1 RTS=0", "DTR=1", "DTR=0", "DTR=1", "close"), lines.calls);
    }

    @Test
    void rtsActiveLowClearsTheLineForOn() throws LabFault {
        FakeLines lines = new FakeLines();
        SerialLineSwitch s = new SerialLineSwitch(lines, Line.RTS, true);
        s.off();
        assertTrue(lines.rts);
        assertEquals(PowerState.OFF, s.state());
        s.on();
        assertEquals(false, lines.rts);
        assertEquals(false, lines.dtr);
        assertEquals(List.of("open DTR=0 RTS=1", "RTS=1", "RTS=0"), lines.calls);
        assertEquals("serial-line /dev/ttyFAKE0 RTS active-low", s.describe());
    }

    @Test
    void aLineThatDoesNotFollowIsALabFault() throws LabFault {
        FakeLines lines = new FakeLines();
        SerialLineSwitch s = new SerialLineSwitch(lines, Line.DTR, false);
        s.off();
        lines.stuck = true;
        LabFault f = assertThrows(LabFault.class, s::on);
        assertEquals("serial-line /dev/ttyFAKE0 DTR: DTR did not go high", f.getMessage());
    }

    @Test
    void aMissingRealPortIsALabFault() {
        SerialLineSwitch s = new SerialLineSwitch(SerialLineSwitch.jSerialComm("/dev/ttyAMPBENCH-none"), Line.DTR,
                false);
        LabFault f = assertThrows(LabFault.class, s::on);
        assertTrue(f.getMessage().startsWith("serial-line /dev/ttyAMPBENCH-none: "), f.getMessage());
        assertEquals(PowerState.UNKNOWN, assertDoesNotThrowState(s));
    }

    private static PowerState assertDoesNotThrowState(SerialLineSwitch s) {
        try {
            return s.state();
        } catch (LabFault e) {
            throw new AssertionError(e);
        }
    }
}
