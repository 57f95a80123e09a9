package dev.ampbench.protocol.vectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class KnownAnswersFileTest {

    @Test
    void fixtureCopyIsPresent() {
        assertTrue(Files.isRegularFile(KnownAnswers.fixtureFile()), "missing " + KnownAnswers.fixtureFile());
    }

    @Test
    void fixtureCopyMatchesSharedFile() throws Exception {
        // Only meaningful where shared/ sits beside the checkout (CI and the lab); elsewhere the copy is all there is.
        assumeTrue(Files.isRegularFile(KnownAnswers.sharedFile()), "no shared/ beside this checkout");
        assertArrayEquals(Files.readAllBytes(KnownAnswers.sharedFile()),
                Files.readAllBytes(KnownAnswers.fixtureFile()),
                "fixtures/vectors/known-answers.json differs from ../shared/vectors/known-answers.json: copy it again");
    }
}
