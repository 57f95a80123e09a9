package dev.ampbench.emulator.psu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ScpiSupplyTest {

    private final List<Boolean> changes = new ArrayList<>();
    private final ScpiSupply psu = new ScpiSupply("SN42", changes::add, () -> 0.005);

    @Test
    void identifiesItself() {
        assertEquals("AMPBENCH,VPSU-1,SN42,1.0", psu.execute("*IDN?"));
    }

    @Test
    void outputSwitchesInShortAndLongFormAndNotifiesOncePerChange() {
        assertEquals("0", psu.execute("OUTP?"));
        assertNull(psu.execute("OUTP ON"));
        assertEquals("1", psu.execute("output:state?"));
        assertNull(psu.execute(":OUTPut:STATe 1"));
        assertNull(psu.execute("OUTP OFF"));
        assertEquals("0", psu.execute("OUTP?"));
        assertEquals(List.of(true, false), changes);
    }

    @Test
    void measuresWhatTheDeviceDrawsOnlyWhenOn() {
        assertEquals("0.0000", psu.execute("MEAS:CURR?"));
        assertEquals("0.0000", psu.execute("MEASure:VOLTage:DC?"));
        psu.execute("OUTP ON");
        assertEquals("0.0050", psu.execute("MEAS:CURR?"));
        assertEquals("3.3000", psu.execute("MEAS:VOLT?"));
        psu.execute("VOLT 1.8;CURR 0.002");
        assertEquals("1.8000", psu.execute("SOUR:VOLT?"));
        assertEquals("0.0020", psu.execute("MEAS:CURR?"), "current is clamped to the limit");
    }

    @Test
    void errorsGoToTheQueue() {
        assertNull(psu.execute("FOO:BAR"));
        assertNull(psu.execute("OUTP MAYBE"));
        assertNull(psu.execute("VOLT 99"));
        assertEquals("-113,\"Undefined header\"", psu.execute("SYST:ERR?"));
        assertEquals("-224,\"Illegal parameter value\"", psu.execute("SYSTem:ERRor:NEXT?"));
        assertEquals("-222,\"Data out of range\"", psu.execute("SYST:ERR?"));
        assertEquals("0,\"No error\"", psu.execute("SYST:ERR?"));
        assertTrue(changes.isEmpty());
    }

    @Test
    void resetTurnsTheOutputOff() {
        psu.execute("OUTP ON");
        psu.execute("VOLT 2.5");
        psu.execute("*RST");
        assertEquals("0", psu.execute("OUTP?"));
        assertEquals("3.3000", psu.execute("VOLT?"));
        assertEquals(List.of(true, false), changes);
    }

    @Test
    void servesScpiOverTcpLikeAnLxiSupply() throws Exception {
        List<Boolean> seen = new CopyOnWriteArrayList<>();
        ScpiSupply supply = new ScpiSupply("SN7", seen::add, () -> 0.001);
        try (ScpiServer server = new ScpiServer(supply, 0);
             Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            OutputStream out = s.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            out.write("*IDN?\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("AMPBENCH,VPSU-1,SN7,1.0", in.readLine());
            out.write("OUTP ON\nOUTP?\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("1", in.readLine());
            assertEquals(List.of(true), seen);
            out.write("OUTP OFF;OUTP?\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("0", in.readLine());
            assertEquals(List.of(true, false), seen);
            assertFalse(supply.output());
        }
    }

    @Test
    void anOverlongLineIsRefusedAndTheServerKeepsServing() throws Exception {
        ScpiSupply supply = new ScpiSupply("SN8", on -> { }, () -> 0.0);
        try (ScpiServer server = new ScpiServer(supply, 0)) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
                s.getOutputStream().write("X".repeat(ScpiServer.MAX_LINE + 10).getBytes(StandardCharsets.US_ASCII));
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                assertEquals("-223,\"Too much data\"", in.readLine());
            }
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
                s.getOutputStream().write("*IDN?\n".getBytes(StandardCharsets.US_ASCII));
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                assertEquals("AMPBENCH,VPSU-1,SN8,1.0", in.readLine());
            }
        }
    }
}
