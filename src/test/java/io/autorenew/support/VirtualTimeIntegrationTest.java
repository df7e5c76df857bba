package io.autorenew.support;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * The whole service on a clock the test moves ({@link ServiceClock}), for the tests of what
 * time does: budget periods, key grace, the mint breaker's cool-downs. The breaker opens after
 * three failed mints in a row and cools down for 2 s, doubling up to a minute (the default
 * tests' breaker never opens), so a test can walk through it in virtual time. One context for
 * all of them: each sets the clock where it needs it before each test.
 */
@Import(ServiceClock.class)
@TestPropertySource(properties = { "OPENROUTER_PROVISIONING_FAILURE_THRESHOLD=3",
		"OPENROUTER_PROVISIONING_COOL_DOWN=2s", "OPENROUTER_PROVISIONING_MAX_COOL_DOWN=1m" })
public abstract class VirtualTimeIntegrationTest extends IntegrationTest {

}
