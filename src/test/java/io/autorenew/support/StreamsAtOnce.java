package io.autorenew.support;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Chat-completion streams of as many users, each with a stored key, released together by a
 * latch: what a burst of agents opening streams looks like to the service.
 */
public final class StreamsAtOnce {

	private static final String BODY = "{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

	private StreamsAtOnce() {
	}

	/**
	 * Seeds a key for users {@code prefix-0} to {@code prefix-(callers-1)} (the {@code i}th key
	 * numbered {@code firstKey + i}), starts one stream for each at the same moment, and answers
	 * what each caller got, in order, waiting at most 30 s for each.
	 */
	public static List<HttpResponse<String>> open(Api api, String prefix, int callers, int firstKey) throws Exception {
		CountDownLatch go = new CountDownLatch(1);
		ExecutorService threads = Executors.newFixedThreadPool(callers);
		try {
			List<Future<HttpResponse<String>>> answers = new ArrayList<>();
			for (int i = 0; i < callers; i++) {
				String user = prefix + "-" + i;
				StoredKeys.seed(user, "sk-or-v1-" + "%064x".formatted(firstKey + i), "hash-" + user);
				answers.add(threads.submit(() -> {
					go.await();
					return api.exchange("POST", "/v1/chat/completions", Map.of("Authorization",
							"Bearer " + Tokens.user(user), "Content-Type", "application/json", "Accept",
							"text/event-stream"), BODY);
				}));
			}
			go.countDown();
			List<HttpResponse<String>> answered = new ArrayList<>();
			for (Future<HttpResponse<String>> answer : answers) {
				answered.add(answer.get(30, TimeUnit.SECONDS));
			}
			return answered;
		}
		finally {
			threads.shutdownNow();
		}
	}

}
