package io.autorenew.openrouter;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Heartbeats on a quiet stream, on a clock the test moves: the scheduler ticks every
 * heartbeat, and each heartbeat is written a little after the tick that asked for it (by
 * another thread), as in the service.
 */
class StreamWatchTests {

	private static final long SECOND = Duration.ofSeconds(1).toNanos();

	private static final long WRITE_DELAY = Duration.ofMillis(5).toNanos();

	private final AtomicLong now = new AtomicLong(1_000 * SECOND);

	private final AtomicInteger heartbeats = new AtomicInteger();

	/** Writes each heartbeat 5 ms after the tick asked for it. */
	private final Executor writers = (task) -> {
		this.now.addAndGet(WRITE_DELAY);
		task.run();
		this.now.addAndGet(-WRITE_DELAY);
	};

	@Test
	void aQuietStreamGetsAHeartbeatOnEveryTick() {
		StreamWatch watch = watch();
		long start = this.now.get();

		for (int tick = 1; tick <= 10; tick++) {
			this.now.set(start + tick * SECOND);
			watch.tick();
		}

		assertThat(this.heartbeats).hasValue(10);
	}

	@Test
	void aHeartbeatIsDueThreeQuartersOfAnIntervalAfterTheLastWriteAndNotBefore() {
		StreamWatch watch = watch();
		long start = this.now.get();

		this.now.set(start + SECOND * 3 / 4 - 1);
		watch.tick();
		assertThat(this.heartbeats).hasValue(0);

		this.now.set(start + SECOND * 3 / 4);
		watch.tick();
		assertThat(this.heartbeats).hasValue(1);
	}

	private StreamWatch watch() {
		StreamRelay.Listener listener = new StreamRelay.Listener() {
			@Override
			public boolean data(String data) {
				return true;
			}

			@Override
			public void done() {
			}

			@Override
			public void idle() {
				StreamWatchTests.this.heartbeats.incrementAndGet();
			}

			@Override
			public void error(String code, String detail) {
			}
		};
		return new StreamWatch(listener, SECOND, 60 * SECOND, 600 * SECOND, this.writers,
				new StreamDrain(Duration.ofSeconds(20)), () -> {
				}, this.now::get);
	}

}
