package dev.ampbench.protocol.ampsec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.protocol.codec.Hex;
import dev.ampbench.protocol.crypto.KeyMaterial;
import dev.ampbench.protocol.machine.Effect;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One AP serving many STAs, each with its own PMK, as the emulator hosts a field of tags against one gateway. */
class AmpSecManyStationsTest {
    private static final int STATIONS = 300;

    @Test
    void everyStaAnsweringOneBroadcastTriggerGetsItsOwnSession() {
        List<AmpSecPersonalization> enrolled = new ArrayList<>();
        for (int i = 0; i < STATIONS; i++) {
            byte[] sa = ByteBuffer.allocate(6).putShort((short) 0x0200).putInt(i).array();
            byte[] pmk = ByteBuffer.allocate(32).putInt(i * 7919).putLong(i).array();
            enrolled.add(new AmpSecPersonalization(Fixtures.AA, sa, KeyMaterial.of(pmk), 0, AmpSecParameters.DEFAULT));
        }
        AmpSecAccessPoint ap = new AmpSecAccessPoint(Fixtures.AA, AmpSecParameters.DEFAULT, enrolled,
                Fixtures.context(1), Set.of());
        List<AmpSecStation> stations = new ArrayList<>();
        for (int i = 0; i < STATIONS; i++) {
            stations.add(new AmpSecStation(enrolled.get(i), Fixtures.context(1000 + i), Set.of()));
        }
        byte[] trigger = Fixtures.transmitted(ap.trigger());
        Set<String> confirms = new HashSet<>();
        for (AmpSecStation sta : stations) {
            byte[] response = Fixtures.transmitted(sta.receive(trigger));
            List<Effect> apEffects = ap.receive(response);
            assertTrue(Fixtures.established(apEffects), apEffects.toString());
            byte[] confirm = Fixtures.transmitted(apEffects);
            assertTrue(confirms.add(Hex.encode(confirm)));
            assertTrue(Fixtures.established(sta.receive(confirm)));
        }
        // Each session is its own: DL data for one STA is opened by it and by no other.
        byte[] sa7 = enrolled.get(7).sa();
        byte[] down = Fixtures.transmitted(ap.sendData(sa7, new byte[] {7}));
        assertArrayEquals(new byte[] {7}, Fixtures.delivered(stations.get(7).receive(down)).get(0));
        assertEquals(Effect.Ignored.class, stations.get(8).receive(down).get(0).getClass());
        for (int i = 0; i < STATIONS; i += 37) {
            byte[] up = Fixtures.transmitted(stations.get(i).sendData(new byte[] {(byte) i}));
            assertArrayEquals(new byte[] {(byte) i}, Fixtures.delivered(ap.receive(up)).get(0));
        }
    }
}
