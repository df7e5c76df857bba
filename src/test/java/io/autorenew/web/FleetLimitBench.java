package io.autorenew.web;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

import io.autorenew.GatewayApplication;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.distributed.proxy.ProxyManager;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What the fleet-wide rate limit costs per request, beside what the per-instance limit cost:
 * run by {@code bench/fleet-limit.sh}, not by the tests. The script starts a MongoDB-wire
 * server in a process of its own ({@code store PORT}); this starts the service against it
 * ({@code MONGODB_URI}), then times {@link UserRateLimiter#take} on the store's shared buckets
 * and, as the floor, a Bucket4j bucket in memory (the per-instance limit it replaced, still used
 * on the embedded store). CPU is read for the service's whole process (driver threads
 * included, the store's work excluded) and for the calling threads alone. Prints one JSON
 * object.
 */
public final class FleetLimitBench {

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	private static final com.sun.management.OperatingSystemMXBean OS = (com.sun.management.OperatingSystemMXBean) ManagementFactory
		.getOperatingSystemMXBean();

	private FleetLimitBench() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length > 0 && "store".equals(args[0])) {
			serveStore(Integer.parseInt(args[1]));
			return;
		}
		int calls = (args.length > 0) ? Integer.parseInt(args[0]) : 50_000;
		String store = (args.length > 1) ? args[1] : "";
		Path data = Files.createTempDirectory("fleet-limit-bench");
		ConfigurableApplicationContext service = new SpringApplicationBuilder(GatewayApplication.class).run(
				"--server.port=0", "--MONGODB_URI=" + store, "--EMBEDDED_MONGO_DIR=" + data,
				"--AUTH_JWT_SECRET=" + "b".repeat(48),
				"--KEY_ENCRYPTION_KEY=q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=",
				"--OPENROUTER_RECONCILE_ENABLED=false", "--logging.level.root=WARN");
		try {
			@SuppressWarnings("unchecked")
			ProxyManager<String> shared = service.getBean(ProxyManager.class);
			Clock clock = service.getBean(Clock.class);
			List<String> rows = new ArrayList<>();
			UserRateLimiter fleet = new UserRateLimiter(1_000_000_000L, clock, shared);
			Bucket[] local = new Bucket[1000];
			for (int i = 0; i < local.length; i++) {
				local[i] = Bucket.builder()
					.addLimit(Bandwidth.builder()
						.capacity(1_000_000_000L)
						.refillGreedy(1_000_000_000L, Duration.ofMinutes(1))
						.build())
					.build();
			}
			rows.add(measure("per-instance bucket in memory (before), 1,000 users", calls, 1,
					(i) -> local[i % 1000].tryConsumeAndReturnRemaining(1)));
			rows.add(measure("fleet bucket in the store, 1,000 busy users, 1 instance", calls, 1,
					(i) -> fleet.take("user-" + (i % 1000))));
			UserRateLimiter other = new UserRateLimiter(1_000_000_000L, clock, shared);
			rows.add(measure("fleet bucket in the store, 1,000 busy users, calls alternating between 2 instances",
					calls, 1, (i) -> ((i % 2 == 0) ? fleet : other).take("pair-" + ((i / 2) % 1000))));
			rows.add(measure("fleet bucket in the store, 1 busy user on 2 threads", calls, 2,
					(i) -> fleet.take("one-user")));
			rows.add(measure("fleet bucket in the store, cold users (each seen once per second or less)",
					Math.min(calls, 10_000), 1, (i) -> fleet.take("cold-" + (i % 5000))));
			UserRateLimiter tight = new UserRateLimiter(1, clock, shared);
			tight.take("limited-user");
			rows.add(measure("fleet bucket, refused (empty bucket, answered locally)", calls, 1,
					(i) -> tight.take("limited-user")));
			System.out.println("{\"calls\": " + calls + ", \"results\": [\n  " + String.join(",\n  ", rows) + "\n]}");
		}
		finally {
			service.close();
		}
	}

	/** The shared MongoDB of the run, in a process of its own so its CPU is not the service's. */
	private static void serveStore(int port) throws InterruptedException {
		de.bwaldvogel.mongo.MongoServer server = new de.bwaldvogel.mongo.MongoServer(
				new de.bwaldvogel.mongo.backend.memory.MemoryBackend());
		server.bind("127.0.0.1", port);
		System.err.println("store listening on 127.0.0.1:" + port);
		Thread.currentThread().join();
	}

	private static String measure(String name, int calls, int threads, IntConsumer call) throws Exception {
		run(calls / 2, threads, call);
		long wall = System.nanoTime();
		long process = OS.getProcessCpuTime();
		AtomicLong callers = new AtomicLong();
		run(calls, threads, (i) -> call.accept(i), callers);
		wall = System.nanoTime() - wall;
		process = OS.getProcessCpuTime() - process;
		return String.format(Locale.ROOT,
				"{\"case\": \"%s\", \"threads\": %d, \"wall_us_per_call\": %.2f, \"process_cpu_us_per_call\": %.2f, "
						+ "\"caller_cpu_us_per_call\": %.2f}",
				name, threads, wall / 1000.0 / calls * threads, process / 1000.0 / calls,
				callers.get() / 1000.0 / calls);
	}

	private static void run(int calls, int threads, IntConsumer call) throws Exception {
		run(calls, threads, call, new AtomicLong());
	}

	private static void run(int calls, int threads, IntConsumer call, AtomicLong callerCpu) throws Exception {
		CountDownLatch start = new CountDownLatch(1);
		List<Thread> workers = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			int offset = t;
			Thread worker = new Thread(() -> {
				try {
					start.await();
				}
				catch (InterruptedException ex) {
					return;
				}
				long cpu = THREADS.getCurrentThreadCpuTime();
				for (int i = offset; i < calls; i += threads) {
					call.accept(i);
				}
				callerCpu.addAndGet(THREADS.getCurrentThreadCpuTime() - cpu);
			});
			worker.start();
			workers.add(worker);
		}
		start.countDown();
		for (Thread worker : workers) {
			worker.join();
		}
	}

}
