package io.autorenew.support;

import org.junit.jupiter.api.BeforeEach;

import org.springframework.boot.data.mongodb.test.autoconfigure.DataMongoTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A slice of one store adapter: Boot's MongoDB set-up against the Mongo-wire server, emptied
 * before each test, with no web layer, security or OpenRouter. A subclass imports its adapter.
 * The service's settings check runs at every start, a slice's too: it gets the two required
 * secrets.
 */
@DataMongoTest(properties = { "AUTH_JWT_SECRET=" + Tokens.SECRET, "KEY_ENCRYPTION_KEY=" + StoredKeys.ENCRYPTION_KEY })
public abstract class StoreSliceTest {

	@DynamicPropertySource
	static void store(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.uri", MongoWireServer::uri);
	}

	@BeforeEach
	void emptyStore() {
		MongoWireServer.reset();
	}

}
