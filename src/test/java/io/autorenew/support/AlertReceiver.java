package io.autorenew.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An operator's alert webhook, over real HTTP on a loopback port, one per test JVM: records every
 * alert the service posts (its headers and body) and answers 204, or the statuses a test queued.
 * {@link IntegrationTest} points {@code ALERT_WEBHOOK_URL} at it, with {@link #SECRET}.
 */
public final class AlertReceiver {

	/** {@code ALERT_WEBHOOK_SECRET} of the test service. */
	public static final String SECRET = "alert-secret-0123456789-abcdefghij-KLMNOP";

	private static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();

	private static final Queue<Integer> ANSWERS = new ConcurrentLinkedQueue<>();

	private static HttpServer server;

	private AlertReceiver() {
	}

	/** The webhook's URL, starting the receiver on first use. */
	public static synchronized String url() {
		if (server == null) {
			try {
				server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
			}
			catch (IOException ex) {
				throw new IllegalStateException("Cannot listen on loopback", ex);
			}
			server.createContext("/alerts", (exchange) -> {
				try (InputStream in = exchange.getRequestBody()) {
					String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
					RECEIVED.add(new Received(exchange.getRequestHeaders().getFirst("X-Alert-Id"),
							exchange.getRequestHeaders().getFirst("X-Alert-Timestamp"),
							exchange.getRequestHeaders().getFirst("X-Alert-Signature"), body));
				}
				Integer status = ANSWERS.poll();
				exchange.sendResponseHeaders((status != null) ? status : 204, -1);
				exchange.close();
			});
			server.start();
		}
		return "http://127.0.0.1:" + server.getAddress().getPort() + "/alerts";
	}

	/** Forgets what was received and the queued answers. */
	public static void reset() {
		RECEIVED.clear();
		ANSWERS.clear();
	}

	/** The next {@code times} posts are answered {@code status}. */
	public static void answer(int status, int times) {
		for (int i = 0; i < times; i++) {
			ANSWERS.add(status);
		}
	}

	/** Every post received, in order, retries included. */
	public static List<Received> received() {
		return List.copyOf(RECEIVED);
	}

	/** The posts of alerts of {@code type}. */
	public static List<Received> ofType(String type) {
		return RECEIVED.stream().filter((each) -> type.equals(each.json().path("type").asString())).toList();
	}

	/**
	 * One post.
	 *
	 * @param id {@code X-Alert-Id}
	 * @param timestamp {@code X-Alert-Timestamp}
	 * @param signature {@code X-Alert-Signature}
	 * @param body the JSON body
	 */
	public record Received(String id, String timestamp, String signature, String body) {

		public JsonNode json() {
			return JsonMapper.shared().readTree(this.body);
		}

		/** Whether the signature is HMAC-SHA256 of {@code timestamp.body} under {@code secret}, compared in constant time. */
		public boolean signedWith(String secret) {
			try {
				Mac mac = Mac.getInstance("HmacSHA256");
				mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
				byte[] expected = ("sha256=" + HexFormat.of()
					.formatHex(mac.doFinal((this.timestamp + "." + this.body).getBytes(StandardCharsets.UTF_8))))
					.getBytes(StandardCharsets.UTF_8);
				return this.signature != null
						&& MessageDigest.isEqual(expected, this.signature.getBytes(StandardCharsets.UTF_8));
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}
