package dev.ampbench.bench.power;

import dev.ampbench.bench.LabFault;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fake {@link UsbBus}: devices are small models that answer control transfers, and every transfer is recorded as
 * the line a USB analyser would show, so tests assert the exact bytes a driver sends.
 */
final class RecordingUsbBus implements UsbBus {

    /** Answers one control transfer: fills {@code data} for IN requests and returns the length, or throws. */
    interface Model {
        int answer(int bmRequestType, int bRequest, int wValue, int wIndex, byte[] data) throws LabFault;
    }

    private final Map<DeviceInfo, Model> models = new LinkedHashMap<>();
    private final Map<DeviceInfo, Map<Integer, String>> strings = new LinkedHashMap<>();
    final List<String> transfers = new ArrayList<>();
    final List<String> claims = new ArrayList<>();
    int opened;
    int closedHandles;

    DeviceInfo add(DeviceInfo info, Model model, Map<Integer, String> stringDescriptors) {
        models.put(info, model);
        strings.put(info, stringDescriptors);
        return info;
    }

    void remove(DeviceInfo info) {
        models.remove(info);
    }

    @Override
    public List<DeviceInfo> devices() {
        return List.copyOf(models.keySet());
    }

    @Override
    public Handle open(DeviceInfo device) throws LabFault {
        Model model = models.get(device);
        if (model == null) {
            throw new LabFault("fake: device " + device.location() + " is gone");
        }
        opened++;
        return new Handle() {
            @Override
            public int controlTransfer(int bmRequestType, int bRequest, int wValue, int wIndex, byte[] data,
                                       int timeoutMillis) throws LabFault {
                boolean in = (bmRequestType & 0x80) != 0;
                String line = String.format("%s %02x %02x %04x %04x len=%d", device.location(), bmRequestType,
                        bRequest, wValue, wIndex, data.length);
                if (!in && data.length > 0) {
                    line += " " + HexFormat.ofDelimiter(" ").formatHex(data);
                }
                transfers.add(line);
                if (!models.containsKey(device)) {
                    throw new LabFault("LIBUSB_ERROR_NO_DEVICE");
                }
                return model.answer(bmRequestType, bRequest, wValue, wIndex, data);
            }

            @Override
            public String stringDescriptor(int index) throws LabFault {
                String s = strings.get(device).get(index);
                if (s == null) {
                    throw new LabFault("fake: no string " + index);
                }
                return s;
            }

            @Override
            public void claimInterface(int number) {
                claims.add(device.location() + " if" + number);
            }

            @Override
            public void close() {
                closedHandles++;
            }
        };
    }

    @Override
    public void close() {
    }
}
