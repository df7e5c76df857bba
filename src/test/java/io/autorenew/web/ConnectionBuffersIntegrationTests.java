package io.autorenew.web;

import java.net.http.HttpResponse;
import java.util.Map;

import io.autorenew.support.IntegrationTest;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tomcat runs with the smaller per-connection buffers an open stream holds for minutes (2 KB
 * output, 4 KB socket buffers, 2 KB of trailers), and what passes through them is unchanged:
 * an answer many times the output buffer arrives whole with its length, and request headers up
 * to the unchanged 8 KB limit are read.
 */
class ConnectionBuffersIntegrationTests extends IntegrationTest {

	@Autowired
	private ServletWebServerApplicationContext context;

	@Test
	void tomcatRunsWithTheStreamSizedBuffers() {
		Connector connector = ((TomcatWebServer) this.context.getWebServer()).getTomcat().getConnector();
		AbstractHttp11Protocol<?> protocol = (AbstractHttp11Protocol<?>) connector.getProtocolHandler();

		assertThat(protocol).isInstanceOf(StreamFriendlyProtocol.class);
		assertThat(protocol.getDesiredBufferSize()).isEqualTo(2048);
		assertThat(String.valueOf(connector.getProperty("socket.appReadBufSize"))).isEqualTo("4096");
		assertThat(String.valueOf(connector.getProperty("socket.appWriteBufSize"))).isEqualTo("4096");
		assertThat(protocol.getMaxTrailerSize()).isEqualTo(2048);
		assertThat(protocol.getMaxHttpRequestHeaderSize()).isEqualTo(8192);
	}

	@Test
	void anAnswerManyTimesTheOutputBufferArrivesWholeWithItsLength() {
		HttpResponse<String> docs = this.api.exchange("GET", "/v3/api-docs", Map.of(), null);

		assertThat(docs.statusCode()).isEqualTo(200);
		assertThat(docs.body().length()).isGreaterThan(10 * 2048);
		assertThat(docs.body()).startsWith("{").endsWith("}");
	}

	@Test
	void requestHeadersUpToTheUnchangedLimitAreRead() {
		HttpResponse<String> health = this.api.exchange("GET", "/actuator/health",
				Map.of("X-Padding", "p".repeat(7 * 1024)), null);

		assertThat(health.statusCode()).isEqualTo(200);
	}

}
