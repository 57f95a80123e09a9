package dev.ampbench.protocol.aiots9;

import dev.ampbench.protocol.codec.Frame;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** jqwik generators of well-formed aiot-s9 frames with arbitrary field values. */
final class FrameArbitraries {
    private FrameArbitraries() {
    }

    static Arbitrary<byte[]> bytes(int n) {
        return Arbitraries.bytes().array(byte[].class).ofSize(n);
    }

    static Arbitrary<byte[]> payload() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(AiotS9Codec.MAX_PAYLOAD_LEN);
    }

    static Arbitrary<Paging> paging() {
        return Combinators.combine(Arbitraries.of(IdMode.class), bytes(8), bytes(8), bytes(8)).as(Paging::new);
    }

    static Arbitrary<PagingResponse> pagingResponse() {
        return Combinators.combine(Arbitraries.of(IdMode.class), bytes(8), Arbitraries.of(SecurityPolicy.class),
                bytes(8), bytes(8)).as(PagingResponse::new);
    }

    static Arbitrary<Command> command() {
        return Combinators.combine(Arbitraries.of(IdMode.class), Arbitraries.of(SecurityPolicy.class), bytes(8),
                bytes(8), payload(), bytes(8)).as((m, p, nn, pid, pl, mac) ->
                new Command(m, p, nn, pid, pl, p.hasMac() ? mac : new byte[0]));
    }

    static Arbitrary<CommandResponse> commandResponse() {
        return Combinators.combine(Arbitraries.of(IdMode.class), Arbitraries.of(SecurityPolicy.class), bytes(8),
                bytes(8), payload(), bytes(8)).as((m, p, dn, pid, pl, mac) ->
                new CommandResponse(m, p, dn, pid, pl, p.hasMac() ? mac : new byte[0]));
    }

    static Arbitrary<Frame> anyFrame() {
        return Arbitraries.oneOf(paging(), pagingResponse(), command(), commandResponse());
    }
}
