package io.autorenew.support;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Bounded waits on latches, for work that a test holds and releases. */
public final class Latches {

	private Latches() {
	}

	/** Waits at most 10 seconds for {@code latch}; fails the test if it was never released. */
	public static void await(CountDownLatch latch) {
		try {
			if (!latch.await(10, TimeUnit.SECONDS)) {
				throw new AssertionError("the latch was never released");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

}
