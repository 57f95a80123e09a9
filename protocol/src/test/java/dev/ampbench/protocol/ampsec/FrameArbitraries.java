package dev.ampbench.protocol.ampsec;

import dev.ampbench.protocol.codec.Frame;
import dev.ampbench.protocol.crypto.KeyMaterial;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Generators of valid amp-sec frames of every type, for any format. */
final class FrameArbitraries {
    private FrameArbitraries() {
    }

    static Arbitrary<AmpSecFormat> formats() {
        return Combinators.combine(Arbitraries.integers().between(2, 8), Arbitraries.of(16, 32),
                Arbitraries.of(AmpSecAkm.class)).as(AmpSecFormat::new);
    }

    /** A STA of any format, addresses (never a broadcast SA), PMK and PMK generation up to 1000. */
    static Arbitrary<AmpSecPersonalization> personalizations() {
        return formats().flatMap(f -> Combinators.combine(
                bytes(f.addressLength()), bytes(f.addressLength()),
                bytes(32), Arbitraries.integers().between(0, 1000))
                .as((aa, sa, pmk, gen) -> {
                    sa[0] = (byte) (sa[0] & 0x7f); // never the broadcast address
                    return new AmpSecPersonalization(aa, sa, KeyMaterial.of(pmk), gen,
                            new AmpSecParameters(f, AmpSecParameters.DEFAULT_ANONCE_LIFETIME_MILLIS));
                }));
    }

    static Arbitrary<byte[]> bytes(int length) {
        return Arbitraries.bytes().array(byte[].class).ofSize(length);
    }

    static Arbitrary<byte[]> bytes(int min, int max) {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(min).ofMaxSize(max);
    }

    static Arbitrary<Integer> ids() {
        return Arbitraries.integers().between(0, 0xffff);
    }

    static Arbitrary<Long> pns() {
        return Arbitraries.longs().between(0, (1L << 48) - 1);
    }

    static Arbitrary<Frame> frames() {
        return formats().flatMap(f -> Arbitraries.oneOf(
                triggers(f), responses(f), confirms(f), uplinkData(f), downlinkData(f), pmkUpdates(f)));
    }

    /** Frames of the default format between the fixture AP and STA, so they pass format and address checks. */
    static Arbitrary<Frame> fixtureFrames() {
        AmpSecFormat f = AmpSecFormat.DEFAULT;
        byte[] aa = Fixtures.AA;
        byte[] sa = Fixtures.SA;
        Arbitrary<byte[]> sealed = Arbitraries.oneOf(Arbitraries.just(new byte[0]), bytes(9, 48));
        return Arbitraries.oneOf(
                Combinators.combine(ids(), bytes(f.nonceLength()), bytes(0, 40))
                        .as((id, n, d) -> new TriggerFrame(f, aa, sa, id, n, d)),
                Combinators.combine(ids(), ids(), bytes(f.nonceLength()), sealed, bytes(16))
                        .as((id, g, n, s, mic) -> new ResponseFrame(f, aa, sa, id, g, n, s, mic)),
                Combinators.combine(ids(), ids(), bytes(16)).as((id, g, mic) -> new ConfirmFrame(f, aa, sa, id, g, mic)),
                Combinators.combine(pns(), bytes(9, 48)).as((pn, s) -> new UplinkDataFrame(f, aa, sa, pn, s)),
                Combinators.combine(pns(), bytes(9, 48)).as((pn, s) -> new DownlinkDataFrame(f, aa, sa, pn, s)),
                Combinators.combine(pns(), ids(), bytes(16)).as((pn, g, mic) -> new PmkUpdateFrame(f, aa, sa, pn, g, mic)));
    }

    static Arbitrary<Frame> triggers(AmpSecFormat f) {
        int a = f.addressLength();
        return Combinators.combine(bytes(a), bytes(a), ids(), bytes(f.nonceLength()), bytes(0, 40))
                .as((aa, da, id, n, d) -> new TriggerFrame(f, aa, da, id, n, d));
    }

    static Arbitrary<Frame> responses(AmpSecFormat f) {
        int a = f.addressLength();
        Arbitrary<byte[]> sealed = Arbitraries.oneOf(Arbitraries.just(new byte[0]), bytes(9, 48));
        return Combinators.combine(bytes(a), bytes(a), ids(), ids(), bytes(f.nonceLength()), sealed, bytes(16))
                .as((aa, sa, id, g, n, s, mic) -> new ResponseFrame(f, aa, sa, id, g, n, s, mic));
    }

    static Arbitrary<Frame> confirms(AmpSecFormat f) {
        int a = f.addressLength();
        return Combinators.combine(bytes(a), bytes(a), ids(), ids(), bytes(16))
                .as((aa, sa, id, g, mic) -> new ConfirmFrame(f, aa, sa, id, g, mic));
    }

    static Arbitrary<Frame> uplinkData(AmpSecFormat f) {
        int a = f.addressLength();
        return Combinators.combine(bytes(a), bytes(a), pns(), bytes(9, 48))
                .as((aa, sa, pn, s) -> new UplinkDataFrame(f, aa, sa, pn, s));
    }

    static Arbitrary<Frame> downlinkData(AmpSecFormat f) {
        int a = f.addressLength();
        return Combinators.combine(bytes(a), bytes(a), pns(), bytes(9, 48))
                .as((aa, sa, pn, s) -> new DownlinkDataFrame(f, aa, sa, pn, s));
    }

    static Arbitrary<Frame> pmkUpdates(AmpSecFormat f) {
        int a = f.addressLength();
        return Combinators.combine(bytes(a), bytes(a), pns(), ids(), bytes(16))
                .as((aa, sa, pn, g, mic) -> new PmkUpdateFrame(f, aa, sa, pn, g, mic));
    }
}
