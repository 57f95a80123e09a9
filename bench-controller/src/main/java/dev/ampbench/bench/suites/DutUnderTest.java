package dev.ampbench.bench.suites;

import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Declares which kind of DUT a suite class needs; {@link DutExtension} resolves one from the providers. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@java.lang.annotation.Inherited // the Maven entry points (test-scope subclasses, dev.ampbench.bench.lab) inherit it
public @interface DutUnderTest {
    Profile profile();

    Role role();
}
