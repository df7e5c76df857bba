package io.autorenew.gateway;

import io.autorenew.openrouter.StreamRelay;
import io.autorenew.web.SseWriter;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;

/**
 * What becomes of a stream's request when the container ends it: its caller went away (a
 * failed read or write Tomcat saw first), or it completed. From then on the relay writes
 * nothing to the response, which Tomcat recycles for another connection: a late write would
 * reach that connection's response. An end the relay did not cause cancels OpenRouter's
 * stream at once; a caller gone also completes the request instead of the container's error
 * page, which has nothing to add to a committed event stream. Whoever closes the writer first
 * completes the request: the relay when it ends ({@link Gateway}), or this listener; on an
 * error this listener completes it in any case (a second complete is refused, and ignored).
 */
record ContainerEnd(SseWriter out, StreamRelay upstream) implements AsyncListener {

	@Override
	public void onComplete(AsyncEvent event) {
		// the relay closes the writer before it completes: a complete it did not ask for ends the stream
		if (this.out.close()) {
			this.upstream.close();
		}
	}

	@Override
	public void onError(AsyncEvent event) {
		if (this.out.close()) {
			this.upstream.close();
		}
		// on the container's thread, within its error event: completing here, whoever closed the
		// writer, is what keeps the container from its error page (a complete from the relay after
		// this event is refused)
		complete(event.getAsyncContext());
	}

	@Override
	public void onTimeout(AsyncEvent event) {
		onError(event);
	}

	@Override
	public void onStartAsync(AsyncEvent event) {
		// one asynchronous cycle per stream
	}

	/** Completes the request, unless the container has ended it already. */
	static void complete(AsyncContext async) {
		try {
			async.complete();
		}
		catch (IllegalStateException alreadyEnded) {
			// Tomcat saw the caller's connection fail first and ended the request itself
		}
	}

}
