package dev.ampbench.bench.transport;

import java.io.Closeable;
import java.io.InputStream;
import java.io.OutputStream;

/** An open byte pipe to a device's host interface. Reads block until bytes arrive or the connection closes. */
public interface Connection extends Closeable {
    InputStream in();

    OutputStream out();

    /** Where this connection goes, for logs and reports; never a secret. */
    String describe();
}
