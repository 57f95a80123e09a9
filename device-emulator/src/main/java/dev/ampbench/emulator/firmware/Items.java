package dev.ampbench.emulator.firmware;

import dev.ampbench.protocol.wire.WireMessage;
import java.util.ArrayList;
import java.util.List;

/** Reading PERSONALIZE items: each lookup names the item it wanted when it is missing or the wrong size. */
final class Items {
    private Items() {
    }

    static byte[] one(List<WireMessage.Item> items, int tag, String name, int length) {
        List<byte[]> all = all(items, tag, name, length);
        if (all.size() != 1) {
            throw new IllegalArgumentException("PERSONALIZE needs exactly one " + name + " item, got " + all.size());
        }
        return all.get(0);
    }

    static List<byte[]> all(List<WireMessage.Item> items, int tag, String name, int length) {
        List<byte[]> out = new ArrayList<>();
        for (WireMessage.Item i : items) {
            if (i.tag() == tag) {
                byte[] v = i.value();
                if (length > 0 && v.length != length) {
                    throw new IllegalArgumentException(name + " must be " + length + " octets, got " + v.length);
                }
                out.add(v);
            }
        }
        return out;
    }
}
