package dev.ampbench.protocol.ampsec;

import dev.ampbench.protocol.codec.FrameDecodeException;

/** Decodes Responses in tests where a malformed one is a test failure. */
final class ResponseFrameView {
    private ResponseFrameView() {
    }

    static ResponseFrame of(byte[] bytes) {
        try {
            return ResponseFrame.decode(bytes);
        } catch (FrameDecodeException e) {
            throw new AssertionError(e);
        }
    }

    static int generation(byte[] response) {
        return of(response).pmkGeneration();
    }
}
