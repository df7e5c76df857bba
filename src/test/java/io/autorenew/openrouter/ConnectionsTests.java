package io.autorenew.openrouter;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link Connections}' slots: every exchange holds one while it runs, and the first refusal of
 * an HTTP/2 connection teaches how many a connection takes (never fewer than RFC 9113's
 * recommended 100). The clients are never sent a request here; {@code Http2UpstreamIntegrationTests}
 * sends them to a server with a stream limit.
 */
class ConnectionsTests {

	private static final int LEAST = Connections.LEAST_LIMIT;

	private final Connections multiplexed = new Connections(HttpClient::newHttpClient, true, Duration.ofSeconds(1));

	@Test
	void onHttp11EveryExchangeTakesTheOneClient() {
		HttpClient http = HttpClient.newHttpClient();
		Connections plain = Connections.of(http);

		List<Connections.Slot> slots = take(plain, 1_000);

		assertThat(slots).allSatisfy((slot) -> assertThat(slot.http()).isSameAs(http));
		assertThat(plain.size()).isEqualTo(1);
		assertThat(plain.limit()).isEqualTo(Integer.MAX_VALUE);
	}

	@Test
	void untilARefusalOneConnectionTakesEveryExchange() {
		assertThat(take(this.multiplexed, 1_000)).allSatisfy((slot) -> assertThat(slot.next()).isEqualTo(1));

		assertThat(this.multiplexed.size()).isEqualTo(1);
	}

	@Test
	void aRefusalTeachesTheLimitAndTheNextClientTakesWhatIsBeyondIt() {
		take(this.multiplexed, 256);
		Connections.Slot refused = this.multiplexed.slot(0);

		this.multiplexed.refused(refused);
		refused.close();
		Connections.Slot again = this.multiplexed.slot(refused.next());

		assertThat(this.multiplexed.limit()).isEqualTo(256);
		assertThat(again.next()).as("on the second client").isEqualTo(2);
		assertThat(this.multiplexed.slot(0).next()).as("the first is full at the limit").isEqualTo(2);
		assertThat(this.multiplexed.size()).isEqualTo(2);
	}

	@Test
	void aLaterRefusalWithFewerInFlightLowersTheLimit() {
		List<Connections.Slot> first = take(this.multiplexed, 300);
		try (Connections.Slot refused = this.multiplexed.slot(0)) {
			this.multiplexed.refused(refused);
		}
		first.subList(150, 300).forEach(Connections.Slot::close);

		try (Connections.Slot refused = this.multiplexed.slot(0)) {
			this.multiplexed.refused(refused);
		}

		assertThat(this.multiplexed.limit()).isEqualTo(150);
	}

	@Test
	void aRefusalWithFewInFlightTeachesNoLessThanTheLeastLimit() {
		List<Connections.Slot> few = take(this.multiplexed, 3);

		this.multiplexed.refused(few.get(2));

		assertThat(this.multiplexed.limit()).isEqualTo(LEAST);
		assertThat(take(this.multiplexed, LEAST - 3)).allSatisfy((slot) -> assertThat(slot.next()).isEqualTo(1));
		assertThat(this.multiplexed.slot(0).next()).as("the first is full at the least limit").isEqualTo(2);
	}

	@Test
	void aSlotGivenBackMakesRoomOnItsConnection() {
		List<Connections.Slot> full = take(this.multiplexed, LEAST);
		try (Connections.Slot refused = this.multiplexed.slot(0)) {
			this.multiplexed.refused(refused);
		}
		assertThat(this.multiplexed.slot(0).next()).isEqualTo(2);

		full.get(0).close();
		full.get(0).close();

		assertThat(this.multiplexed.slot(0).next()).as("room again on the first").isEqualTo(1);
		assertThat(this.multiplexed.slot(0).next()).as("closing twice gave back one place").isEqualTo(2);
	}

	@Test
	void aStreamHoldsItsSlotUntilItsBodyIsClosed() throws Exception {
		Connections.Slot stream = this.multiplexed.slot(0);
		take(this.multiplexed, LEAST - 1);
		try (Connections.Slot refused = this.multiplexed.slot(0)) {
			this.multiplexed.refused(refused);
		}
		InputStream body = stream.releasing(new ByteArrayInputStream("data: {}\n\n".getBytes()));

		assertThat(body.readAllBytes()).hasSize(10);
		assertThat(this.multiplexed.slot(0).next()).as("the stream still holds its place on the first").isEqualTo(2);
		body.close();
		body.close();

		assertThat(this.multiplexed.slot(0).next()).as("its place is free once closed").isEqualTo(1);
		assertThat(this.multiplexed.slot(0).next()).as("and only its place").isEqualTo(2);
	}

	@Test
	void onHttp11NoStreamWaitsToOpenAConnection() throws Exception {
		Connections plain = Connections.of(HttpClient.newHttpClient());

		assertThat(plain.slot(0).client().claim()).isFalse();
	}

	@Test
	void theFirstStreamOfAClientOpensItsConnectionAndTheOthersWaitForItsAnswer() throws Exception {
		UpstreamClient client = this.multiplexed.slot(0).client();
		assertThat(client.claim()).as("the first opens").isTrue();
		FutureTask<Boolean> waiting = new FutureTask<>(client::claim);
		Thread waiter = new Thread(waiting, "waiting-for-the-opener");
		waiter.start();
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> waiter.getState() == Thread.State.TIMED_WAITING);

		client.opened();
		client.openerEnded();

		assertThat(waiting.get(5, TimeUnit.SECONDS)).as("goes on the opened connection").isFalse();
		assertThat(client.claim()).as("a later stream neither opens nor waits").isFalse();
	}

	@Test
	void theStreamsWaitingForAnOpenerWithoutAnswerFailAsItDidAndTheNextOneOpensAgain() throws Exception {
		UpstreamClient client = this.multiplexed.slot(0).client();
		assertThat(client.claim()).isTrue();
		FutureTask<Boolean> waiting = new FutureTask<>(client::claim);
		Thread waiter = new Thread(waiting, "waiting-for-the-opener");
		waiter.start();
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> waiter.getState() == Thread.State.TIMED_WAITING);

		client.openerEnded();

		assertThatThrownBy(() -> waiting.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class)
			.hasMessageContaining("OpenRouter connection not opened");
		assertThat(client.claim()).as("the next stream opens the connection again").isTrue();
		client.opened();
		client.openerEnded();
		assertThat(client.claim()).isFalse();
	}

	private static List<Connections.Slot> take(Connections connections, int count) {
		List<Connections.Slot> slots = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			slots.add(connections.slot(0));
		}
		return slots;
	}

}
