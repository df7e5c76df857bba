package io.autorenew.openrouter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.http.client.ClientHttpResponse;

/**
 * One OpenRouter chat stream ({@code "stream": true}) that has answered 200: its Server-Sent
 * Events are read as they arrive, by a thread of their own, into a small bounded queue, so a
 * slow client slows the upstream read instead of filling memory, and the relaying thread
 * never blocks on the upstream socket. SSE comments ({@code : OPENROUTER PROCESSING}) are
 * dropped; multi-line {@code data:} fields are joined. Closing it closes the upstream
 * response, which cancels the call.
 */
public final class ChatStream implements AutoCloseable {

	/** The data of the event that ends a stream. */
	public static final String DONE = "[DONE]";

	private static final Event CLOSED = new Event(Event.Type.CLOSED, null);

	private static final Event FINISHED = new Event(Event.Type.DONE, null);



	private final ClientHttpResponse response;

	private final BlockingQueue<Event> events = new LinkedBlockingQueue<>(64);

	private final AtomicBoolean closed = new AtomicBoolean();

	ChatStream(ClientHttpResponse response, Executor readers) {
		this.response = response;
		readers.execute(this::read);
	}

	/**
	 * Hands each event to {@code listener} as it arrives until the stream ends: {@code [DONE]},
	 * the upstream closing or failing, the listener declining more, or no event for
	 * {@code stallLimit}. Every {@code heartbeat} without an event the listener may write
	 * something, which is how a client that went away is noticed while OpenRouter is quiet.
	 * @throws IOException from the listener, when the client is gone
	 */
	public void relay(Duration heartbeat, Duration stallLimit, Listener listener)
			throws IOException, InterruptedException {
		long quietSince = System.nanoTime();
		while (true) {
			Event event = this.events.poll(heartbeat.toNanos(), TimeUnit.NANOSECONDS);
			if (event == null) {
				if (System.nanoTime() - quietSince >= stallLimit.toNanos()) {
					listener.stalled();
					return;
				}
				listener.idle();
				continue;
			}
			quietSince = System.nanoTime();
			switch (event.type()) {
				case DATA -> {
					if (!listener.data(event.data())) {
						return;
					}
				}
				case DONE -> {
					listener.done();
					return;
				}
				default -> {
					listener.broken();
					return;
				}
			}
		}
	}

	/** Closes the upstream response, cancelling the call; safe to call more than once. */
	@Override
	public void close() {
		if (this.closed.compareAndSet(false, true)) {
			this.events.clear();
			this.response.close();
		}
	}

	private void read() {
		StringBuilder data = new StringBuilder();
		boolean pending = false;
		try (BufferedReader lines = new BufferedReader(
				new InputStreamReader(this.response.getBody(), StandardCharsets.UTF_8))) {
			for (String line = lines.readLine(); line != null; line = lines.readLine()) {
				if (line.isEmpty()) {
					if (pending && !dispatch(data.toString())) {
						return;
					}
					data.setLength(0);
					pending = false;
				}
				else if (line.startsWith("data:")) {
					if (pending) {
						data.append('\n');
					}
					data.append(line, line.startsWith("data: ") ? 6 : 5, line.length());
					pending = true;
				}
				// Comments (":"), and the event, id and retry fields, carry nothing to relay.
			}
			if (!pending || dispatch(data.toString())) {
				offer(CLOSED);
			}
		}
		catch (IOException | RuntimeException ex) {
			offer(CLOSED);
		}
	}

	/** Queues one event's data; {@code false} once the stream is over. */
	private boolean dispatch(String data) {
		if (DONE.equals(data.strip())) {
			offer(FINISHED);
			return false;
		}
		return offer(new Event(Event.Type.DATA, data));
	}

	private boolean offer(Event event) {
		try {
			while (!this.closed.get()) {
				if (this.events.offer(event, 100, TimeUnit.MILLISECONDS)) {
					return true;
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return false;
	}

	/** What a relay does with each turn of the stream. */
	public interface Listener {

		/** One event's data (a JSON chunk); {@code false} to stop relaying. */
		boolean data(String data) throws IOException;

		/** {@code [DONE]} arrived. */
		void done() throws IOException;

		/** Nothing arrived for a heartbeat. */
		void idle() throws IOException;

		/** Ends the caller's stream with an error: the service's {@code code} and a safe detail. */
		void error(String code, String detail) throws IOException;

		/** OpenRouter ended or broke the stream before {@code [DONE]}. */
		default void broken() throws IOException {
			error("upstream_error", "OpenRouter ended the answer before it was complete.");
		}

		/** Nothing arrived for the stall limit. */
		default void stalled() throws IOException {
			error("upstream_timeout", "OpenRouter stopped sending the answer.");
		}

	}

	record Event(Type type, String data) {

		enum Type {

			DATA, DONE, CLOSED

		}

	}

}
