package dev.ampbench.bench.power;

import dev.ampbench.bench.LabFault;
import dev.ampbench.bench.power.ScpiPowerSwitch.ChannelSyntax;
import dev.ampbench.bench.power.TinyScpiInstrument.Mode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScpiPowerSwitchTest {

    private static final String IDN = "AMPBENCH,VPSU-1,SN-0042-SECRET,1.0";
    private static final Duration TIMEOUT = Duration.ofMillis(300);

    private static ScpiPowerSwitch sw(TinyScpiInstrument inst, ChannelSyntax syntax, int channel, String idn) {
        return new ScpiPowerSwitch(ScpiPowerSwitch.tcp("127.0.0.1", inst.port(), TIMEOUT), syntax, channel, idn);
    }

    @Test
    void singleChannelSendsExactlyTheDocumentedLines() throws Exception {
        try (TinyScpiInstrument inst = new TinyScpiInstrument(IDN, Mode.NORMAL);
             ScpiPowerSwitch s = sw(inst, ChannelSyntax.NONE, 0, null)) {
            s.on();
            assertTrue(inst.output(1));
            assertEquals(PowerState.ON, s.state());
            s.off();
            assertFalse(inst.output(1));
            assertEquals(List.of("*IDN?", "SYST:ERR?",
                    "OUTP ON", "SYST:ERR?", "OUTP?",
                    "OUTP?",
                    "OUTP OFF", "SYST:ERR?", "OUTP?"), inst.received());
            assertEquals(1, inst.connections());
        }
    }

    @Test
    void nselSelectsTheChannelBeforeEveryCommand() throws Exception {
        try (TinyScpiInstrument inst = new TinyScpiInstrument(IDN, Mode.NORMAL);
             ScpiPowerSwitch s = sw(inst, ChannelSyntax.NSEL, 2, "vpsu")) {
            s.on();
            assertTrue(inst.output(2));
            assertFalse(inst.output(1));
            assertEquals(List.of("*IDN?", "SYST:ERR?", "INST:NSEL 2", "SYST:ERR?", "OUTP ON", "SYST:ERR?", "OUTP?"),
                    inst.received());
        }
    }

    @Test
    void channelListSyntaxNamesTheChannelInEachCommand() throws Exception {
        try (TinyScpiInstrument inst = new TinyScpiInstrument(IDN, Mode.NORMAL);
             ScpiPowerSwitch s = sw(inst, ChannelSyntax.LIST, 3, null)) {
            s.on();
            s.off();
            assertEquals(PowerState.OFF, s.state());
            assertEquals(List.of("*IDN?", "SYST:ERR?",
                    "OUTP ON,(@3)", "SYST:ERR?", "OUTP? (@3)",
                    "OUTP OFF,(@3)", "SYST:ERR?", "OUTP? (@3)",
                    "OUTP? (@3)"), inst.received());
        }
    }

    @Test
    void aSupplyThatNeverAnswersIsALabFaultWithinTheTimeout() throws Exception {
        try (TinyScpiInstrument inst = new TinyScpiInstrument(IDN, Mode.SILENT);
             ScpiPowerSwitch s = sw(inst, ChannelSyntax.NONE, 0, null)) {
            long start = System.nanoTime();
            LabFault f = assertThrows(LabFault.class, s::on);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(f.getMessage().contains("no answer to '*IDN?'"), f.getMessage());
            assertTrue(f.getMessage().contains("timed out after 300 ms"), f.getMessage());
            assertTrue(millis >= 250 && millis < 5_000, "took " + millis + " ms");
            assertFalse(inst.output(1));
        }
    }

    @Test
    void errorsFromTheQueueAreReportedWithTheCommand() throws Exception {
        try (TinyScpiInstrument inst = new TinyScpiInstrument(IDN, Mode.REJECT_OUTPUT);
             ScpiPowerSwitch s = sw(inst, ChannelSyntax.NONE, 0, null)) {
            LabFault f = assertThrows(LabFault.class, s::on);
            assertTrue(f.getMessage().contains("-221,\"Settings conflict\""), f.getMessage());
            assertTrue(f.getMessage().contains("-300,\"Device-specific error, over-temperature\""), f.getMessage());
            assertTrue(f.getMessage().contains("after 'OUTP ON'"), f.getMessage());
            // The queue is read until it reports no error: three SYST:ERR? after OUTP ON.
            assertEquals(List.of("*IDN?", "SYST:ERR?", "OUTP ON", "SYST:ERR?", "SYST:ERR?", "SYST:ERR?"),
                    inst.received());
        }
    }

    @Test
    void anOutputThatDoesNotFollowIsALabFault() throws Exception {
        try (TinyScpiInstrument inst = new TinyScpiInstrument(IDN, Mode.STUCK);
             ScpiPowerSwitch s = sw(inst, ChannelSyntax.NONE, 0, null)) {
            LabFault f = assertThrows(LabFault.class, s::on);
            assertTrue(f.getMessage().contains("output is OFF after OUTP ON"), f.getMessage());
        }
    }

    @Test
    void aWrongInstrumentIsRefusedWithoutShowingItsSerial() throws Exception {
        try (TinyScpiInstrument inst = new TinyScpiInstrument(IDN, Mode.NORMAL);
             ScpiPowerSwitch s = sw(inst, ChannelSyntax.NONE, 0, "E36312A")) {
            LabFault f = assertThrows(LabFault.class, s::on);
            assertTrue(f.getMessage().contains("identifies as AMPBENCH VPSU-1"), f.getMessage());
            assertTrue(f.getMessage().contains("E36312A"), f.getMessage());
            assertFalse(f.getMessage().contains("SN-0042"), f.getMessage());
            assertEquals(List.of("*IDN?"), inst.received());
        }
    }

    @Test
    void describeNamesMakerAndModelButNeverTheSerial() throws Exception {
        try (TinyScpiInstrument inst = new TinyScpiInstrument(IDN, Mode.NORMAL);
             ScpiPowerSwitch s = sw(inst, ChannelSyntax.NSEL, 1, null)) {
            s.off();
            assertEquals("scpi tcp 127.0.0.1:" + inst.port() + " channel 1 (AMPBENCH VPSU-1)", s.describe());
            assertEquals("AMPBENCH VPSU-1", s.identity());
        }
    }

    @Test
    void afterATimeoutTheNextCallConnectsAfresh() throws Exception {
        try (TinyScpiInstrument inst = new TinyScpiInstrument(IDN, Mode.SILENT);
             ScpiPowerSwitch s = sw(inst, ChannelSyntax.NONE, 0, null)) {
            assertThrows(LabFault.class, s::on);
            inst.mode(Mode.NORMAL);
            s.on();
            assertTrue(inst.output(1));
            assertEquals(2, inst.connections());
        }
    }

    @Test
    void nothingListeningIsALabFault() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        ScpiPowerSwitch s = new ScpiPowerSwitch(ScpiPowerSwitch.tcp("127.0.0.1", port, TIMEOUT),
                ChannelSyntax.NONE, 0, null);
        LabFault f = assertThrows(LabFault.class, s::off);
        assertTrue(f.getMessage().startsWith("scpi tcp 127.0.0.1:" + port + ": cannot connect"), f.getMessage());
    }

    @Test
    void aSerialPortThatDoesNotExistIsALabFault() {
        ScpiPowerSwitch s = new ScpiPowerSwitch(ScpiPowerSwitch.serial("/dev/ttyAMPBENCH-none", 9600, TIMEOUT),
                ChannelSyntax.NONE, 0, null);
        LabFault f = assertThrows(LabFault.class, s::on);
        assertTrue(f.getMessage().contains("serial /dev/ttyAMPBENCH-none 9600 8N1"), f.getMessage());
    }

    @Test
    void outputRepliesAreReadStrictly() throws LabFault {
        assertEquals(PowerState.ON, ScpiPowerSwitch.parseOutputState("1"));
        assertEquals(PowerState.ON, ScpiPowerSwitch.parseOutputState(" on "));
        assertEquals(PowerState.OFF, ScpiPowerSwitch.parseOutputState("0"));
        assertEquals(PowerState.OFF, ScpiPowerSwitch.parseOutputState("OFF"));
        assertThrows(LabFault.class, () -> ScpiPowerSwitch.parseOutputState("2"));
        assertThrows(LabFault.class, () -> ScpiPowerSwitch.parseOutputState(""));
    }

    /**
     * The instrument goes away while the switch holds a connection to it. (Connecting afresh to the closed port is
     * not a reliable test: on Linux a client can be given that same ephemeral port as its source and connect to
     * itself.)
     */
    @Test
    void instrumentClosedDuringUseIsALabFault() throws IOException, LabFault {
        TinyScpiInstrument inst = new TinyScpiInstrument(IDN, Mode.NORMAL);
        ScpiPowerSwitch s = sw(inst, ChannelSyntax.NONE, 0, null);
        s.on();
        inst.close();
        assertThrows(LabFault.class, s::off);
        s.close();
    }
}
