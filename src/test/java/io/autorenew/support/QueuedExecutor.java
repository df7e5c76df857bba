package io.autorenew.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/** An {@link Executor} that runs nothing until the test says so: background work made visible. */
public final class QueuedExecutor implements Executor {

	private final List<Runnable> queued = new ArrayList<>();

	@Override
	public synchronized void execute(Runnable task) {
		this.queued.add(task);
	}

	public synchronized int size() {
		return this.queued.size();
	}

	/** Runs every queued task on the calling thread. */
	public void runAll() {
		List<Runnable> tasks;
		synchronized (this) {
			tasks = new ArrayList<>(this.queued);
			this.queued.clear();
		}
		tasks.forEach(Runnable::run);
	}

}
