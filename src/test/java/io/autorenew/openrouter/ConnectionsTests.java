package io.autorenew.openrouter;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Connections}' slots: every exchange holds one while it runs, and the first refusal of
 * an HTTP/2 connection teaches how many a connection takes. The clients are never sent a request
 * here; {@code Http2UpstreamIntegrationTests} sends them to a server with a stream limit.
 */
class ConnectionsTests {

	private final List<HttpClient> made = new ArrayList<>();

	private final Connections multiplexed = new Connections(this::client, true, Duration.ofSeconds(1));

	@Test
	void onHttp11EveryExchangeTakesTheOneClient() {
		HttpClient http = HttpClient.newHttpClient();
		Connections plain = Connections.of(http);

		List<Connections.Slot> slots = new ArrayList<>();
		for (int i = 0; i < 1_000; i++) {
			slots.add(plain.slot(0));
		}

		assertThat(slots).allSatisfy((slot) -> assertThat(slot.http()).isSameAs(http));
		assertThat(plain.size()).isEqualTo(1);
		assertThat(plain.limit()).isEqualTo(Integer.MAX_VALUE);
	}

	@Test
	void untilARefusalOneConnectionTakesEveryExchange() {
		for (int i = 0; i < 500; i++) {
			assertThat(this.multiplexed.slot(0).next()).isEqualTo(1);
		}

		assertThat(this.multiplexed.size()).isEqualTo(1);
	}

	@Test
	void aRefusalTeachesTheLimitAndTheNextClientTakesWhatIsBeyondIt() {
		this.multiplexed.slot(0);
		this.multiplexed.slot(0);
		Connections.Slot third = this.multiplexed.slot(0);

		this.multiplexed.refused(third);
		third.close();
		Connections.Slot again = this.multiplexed.slot(third.next());

		assertThat(this.multiplexed.limit()).isEqualTo(2);
		assertThat(again.next()).as("on the second client").isEqualTo(2);
		assertThat(this.multiplexed.slot(0).next()).as("the first is full at the limit").isEqualTo(2);
		assertThat(this.multiplexed.slot(0).next()).as("so is the second, then").isEqualTo(3);
		assertThat(this.multiplexed.size()).isEqualTo(3);
	}

	@Test
	void aSlotGivenBackMakesRoomOnItsConnection() {
		Connections.Slot first = this.multiplexed.slot(0);
		Connections.Slot second = this.multiplexed.slot(0);
		this.multiplexed.refused(second);
		second.close();

		first.close();
		first.close();

		assertThat(this.multiplexed.limit()).isEqualTo(1);
		assertThat(this.multiplexed.slot(0).next()).as("room again on the first").isEqualTo(1);
		assertThat(this.multiplexed.slot(0).next()).as("closing twice gave back one place").isEqualTo(2);
	}

	@Test
	void aStreamHoldsItsSlotUntilItsBodyIsClosed() throws Exception {
		Connections.Slot stream = this.multiplexed.slot(0);
		try (Connections.Slot refused = this.multiplexed.slot(0)) {
			this.multiplexed.refused(refused);
		}
		InputStream body = stream.releasing(new ByteArrayInputStream("data: {}\n\n".getBytes()));

		assertThat(body.readAllBytes()).hasSize(10);
		assertThat(this.multiplexed.slot(0).next()).as("the stream still holds the first").isEqualTo(2);
		body.close();
		body.close();

		assertThat(this.multiplexed.slot(0).next()).as("its place is free once closed").isEqualTo(1);
	}

	@Test
	void aLimitIsNeverTaughtBelowOne() {
		Connections.Slot alone = this.multiplexed.slot(0);

		this.multiplexed.refused(alone);

		assertThat(this.multiplexed.limit()).isEqualTo(1);
	}

	private HttpClient client() {
		HttpClient http = HttpClient.newHttpClient();
		this.made.add(http);
		return http;
	}

}
