package io.autorenew.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.coyote.UpgradeProtocol;
import org.apache.coyote.http2.Http2Protocol;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.Http2;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServer;

/**
 * OpenRouter as production reaches it: HTTPS, with HTTP/2 negotiated by ALPN, here on a loopback
 * Tomcat whose certificate is made for the test by the JDK's {@code keytool}. It answers chat
 * completions, plain or streamed, and records each call's protocol and the connection it came
 * on. Streams are held until {@link #holdStreams(int) the expected number} of them are open at
 * once (bounded), so a test knows they shared the connection at the same time.
 */
public final class Http2Upstream implements AutoCloseable {

	private static final String PASSWORD = "test-upstream";

	private final Path directory;

	private final WebServer server;

	private final List<Call> calls = new CopyOnWriteArrayList<>();

	private volatile CountDownLatch together = new CountDownLatch(0);

	private Http2Upstream(int maxConcurrentStreams) throws IOException, InterruptedException {
		this.directory = Files.createTempDirectory("h2-upstream");
		Path keyStore = this.directory.resolve("upstream.p12");
		keytool("-genkeypair", "-alias", "upstream", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
				"CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-validity", "2", "-keystore", keyStore.toString(),
				"-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD);
		keytool("-exportcert", "-rfc", "-alias", "upstream", "-keystore", keyStore.toString(), "-storepass", PASSWORD,
				"-file", certificate().toString());
		TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory(0);
		factory.setAddress(InetAddress.getLoopbackAddress());
		Ssl ssl = new Ssl();
		ssl.setKeyStore(keyStore.toUri().toString());
		ssl.setKeyStorePassword(PASSWORD);
		ssl.setKeyStoreType("PKCS12");
		factory.setSsl(ssl);
		Http2 http2 = new Http2();
		http2.setEnabled(true);
		factory.setHttp2(http2);
		factory.addConnectorCustomizers((connector) -> {
			for (UpgradeProtocol upgrade : connector.findUpgradeProtocols()) {
				if (upgrade instanceof Http2Protocol h2) {
					h2.setMaxConcurrentStreams(maxConcurrentStreams);
				}
			}
		});
		this.server = factory.getWebServer((context) -> context.addServlet("openrouter", new Chat()).addMapping("/*"));
		this.server.start();
	}

	/**
	 * An upstream on an ephemeral loopback port.
	 * @param maxConcurrentStreams the streams one connection may carry at once
	 * ({@code SETTINGS_MAX_CONCURRENT_STREAMS}; Tomcat's default is 100)
	 */
	public static Http2Upstream started(int maxConcurrentStreams) {
		try {
			return new Http2Upstream(maxConcurrentStreams);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public String baseUrl() {
		return "https://127.0.0.1:" + this.server.getPort() + "/api/v1";
	}

	/** The upstream's certificate, PEM: what a client must trust to reach it. */
	public Path certificate() {
		return this.directory.resolve("upstream.pem");
	}

	/** How many connections carried the calls recorded since the last {@link #holdStreams}. */
	public long connections() {
		return this.calls.stream().map(Call::connection).distinct().count();
	}

	/** Forgets the calls so far; each of the next {@code streams} streams waits until all of them are open. */
	public void holdStreams(int streams) {
		this.calls.clear();
		this.together = new CountDownLatch(streams);
	}

	public List<Call> calls() {
		return List.copyOf(this.calls);
	}

	@Override
	public void close() {
		this.server.stop();
	}

	private static void keytool(String... arguments) throws IOException, InterruptedException {
		List<String> command = new java.util.ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
		command.addAll(List.of(arguments));
		Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
			throw new IllegalStateException("keytool failed: " + output);
		}
	}

	/** One call as the upstream saw it: {@code HTTP/2.0} or {@code HTTP/1.1}, and its connection's id. */
	public record Call(String path, String protocol, String connection) {
	}

	private final class Chat extends HttpServlet {

		@Override
		protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
			String body = new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			Http2Upstream.this.calls.add(new Call(request.getRequestURI(), request.getProtocol(),
					request.getServletConnection().getConnectionId()));
			String content = "answered over " + request.getProtocol();
			String usage = "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5,\"cost\":0.00001}";
			if (!body.contains("\"stream\":true")) {
				response.setContentType("application/json");
				response.getWriter()
					.write("{\"id\":\"gen-h2\",\"object\":\"chat.completion\",\"created\":1796601600,"
							+ "\"model\":\"openai/gpt-4o-mini\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
							+ "\"assistant\",\"content\":\"" + content + "\"},\"finish_reason\":\"stop\"}]," + usage
							+ "}");
				return;
			}
			// the headers at once, as OpenRouter answers a stream; the events once all are open
			response.setContentType("text/event-stream");
			response.flushBuffer();
			CountDownLatch together = Http2Upstream.this.together;
			together.countDown();
			try {
				together.await(20, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			String chunk = "{\"id\":\"gen-h2\",\"object\":\"chat.completion.chunk\",\"created\":1796601600,"
					+ "\"model\":\"openai/gpt-4o-mini\",\"choices\":[{\"index\":0,";
			response.getWriter()
				.write("data: " + chunk + "\"delta\":{\"role\":\"assistant\",\"content\":\"" + content
						+ "\"},\"finish_reason\":null}]}\n\n" + "data: " + chunk
						+ "\"delta\":{},\"finish_reason\":\"stop\"}]," + usage + "}\n\n" + "data: [DONE]\n\n");
		}

	}

}
