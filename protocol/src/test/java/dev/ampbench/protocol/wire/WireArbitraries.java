package dev.ampbench.protocol.wire;

import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.wire.WireMessage.Energy;
import dev.ampbench.protocol.wire.WireMessage.Item;
import dev.ampbench.protocol.wire.WireMessage.ProfileState;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Generators of valid wire messages, one per message type. */
final class WireArbitraries {
    private WireArbitraries() {
    }

    static Arbitrary<Integer> tid() {
        return Arbitraries.integers().between(1, 15);
    }

    static Arbitrary<String> text(int maxChars) {
        // ASCII plus 2- and 3-octet UTF-8 characters: at most 3 octets a char.
        return Arbitraries.strings().withCharRange(' ', '~').withChars("éßΩ€中")
                .ofMaxLength(maxChars);
    }

    static Arbitrary<String> key() {
        return text(40).filter(s -> !s.isEmpty());
    }

    static Arbitrary<byte[]> blob(int max) {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(max);
    }

    static Arbitrary<Profile> profile() {
        return Arbitraries.of(Profile.class);
    }

    static Arbitrary<Long> u32() {
        return Arbitraries.longs().between(0, 0xFFFF_FFFFL);
    }

    static Arbitrary<Long> u48() {
        return Arbitraries.longs().between(0, 0xFFFF_FFFF_FFFFL);
    }

    static Arbitrary<Integer> maxSize() {
        return Arbitraries.integers().between(WireMessage.MIN_MAX_MESSAGE_SIZE, HdlcFramer.MAX_MESSAGE_SIZE);
    }

    static Arbitrary<WireMessage> hello() {
        return Combinators.combine(tid(), Arbitraries.integers().between(0, 255),
                Arbitraries.integers().between(0, 255), maxSize()).as(WireMessage.Hello::new);
    }

    static Arbitrary<WireMessage> helloResponse() {
        return Combinators.combine(tid(), Arbitraries.integers().between(0, 255), Arbitraries.integers().between(0,
                        255), Arbitraries.of(Role.class), Arbitraries.integers().between(0, 0xFFFF), u32(), u32(),
                maxSize()).flatAs((t, ma, mi, role, pr, caps, boot, max) ->
                Combinators.combine(text(60), text(60)).as((fw, label) ->
                        new WireMessage.HelloResponse(t, ma, mi, role, pr, caps, boot, max, fw, label)));
    }

    static Arbitrary<WireMessage> reset() {
        return Combinators.combine(tid(), Arbitraries.of(ResetMode.class)).as(WireMessage.Reset::new);
    }

    static Arbitrary<WireMessage> personalize() {
        Arbitrary<Item> item = Combinators.combine(Arbitraries.integers().between(0, 255), blob(40)).as(Item::new);
        return Combinators.combine(tid(), profile(), item.list().ofMaxSize(12)).as(WireMessage.Personalize::new);
    }

    static Arbitrary<WireMessage> statusGet() {
        return tid().map(WireMessage.StatusGet::new);
    }

    static Arbitrary<WireMessage> status() {
        Arbitrary<Optional<Energy>> energy = Combinators.combine(u32(), u32(), u32()).as(Energy::new).optional();
        Arbitrary<ProfileState> state = Combinators.combine(profile(), text(30)).as(ProfileState::new);
        return Combinators.combine(tid(), u32(), u32(), Arbitraries.of(true, false), energy,
                state.list().ofMaxSize(6)).as(WireMessage.Status::new);
    }

    static Arbitrary<WireMessage> nvRead() {
        return Combinators.combine(tid(), key()).as(WireMessage.NvRead::new);
    }

    static Arbitrary<WireMessage> nvData() {
        return Combinators.combine(tid(), key(), blob(300)).as(WireMessage.NvData::new);
    }

    static Arbitrary<WireMessage> nvErase() {
        return Arbitraries.oneOf(tid().map(WireMessage.NvErase::everything),
                Combinators.combine(tid(), key()).as((t, k) -> new WireMessage.NvErase(t, false, k)));
    }

    static Arbitrary<WireMessage> heartbeat() {
        return tid().map(WireMessage.Heartbeat::new);
    }

    static Arbitrary<WireMessage> heartbeatAck() {
        return Combinators.combine(tid(), u32(), u32()).as(WireMessage.HeartbeatAck::new);
    }

    static Arbitrary<WireMessage> airInject() {
        return Combinators.combine(tid(), profile(), u48(), Arbitraries.integers().between(-128, 127),
                Arbitraries.integers().between(0, 0xFFFF), blob(300)).as(WireMessage.AirInject::new);
    }

    static Arbitrary<WireMessage> airEmit() {
        return Combinators.combine(profile(), u48(), Arbitraries.integers().between(0, 0xFFFF), blob(300))
                .as(WireMessage.AirEmit::new);
    }

    static Arbitrary<WireMessage> action() {
        return Combinators.combine(tid(), profile(), text(20).filter(s -> !s.isEmpty()), blob(100))
                .as(WireMessage.Action::new);
    }

    static Arbitrary<WireMessage> event() {
        return Combinators.combine(Arbitraries.of(EventKind.class), profile().optional(), u48(), u32(), text(40),
                text(40)).as(WireMessage.Event::new);
    }

    static Arbitrary<WireMessage> log() {
        return Combinators.combine(Arbitraries.of(LogLevel.class), text(80)).as(WireMessage.Log::new);
    }

    static Arbitrary<WireMessage> ack() {
        return Combinators.combine(tid(), Arbitraries.integers().between(0, 255)).as(WireMessage.Ack::new);
    }

    static Arbitrary<WireMessage> error() {
        return Combinators.combine(Arbitraries.integers().between(0, 15), Arbitraries.integers().between(0, 255),
                Arbitraries.integers().between(0, 255), text(80)).as(WireMessage.ErrorResponse::new);
    }

    static Arbitrary<WireMessage> any() {
        return Arbitraries.oneOf(hello(), helloResponse(), reset(), personalize(), statusGet(), status(), nvRead(),
                nvData(), nvErase(), heartbeat(), heartbeatAck(), airInject(), airEmit(), action(), event(), log(),
                ack(), error());
    }
}
