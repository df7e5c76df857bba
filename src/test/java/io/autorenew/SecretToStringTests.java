package io.autorenew;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

import io.autorenew.crypto.KeyCipher;
import io.autorenew.crypto.KeyEncryptionProperties;
import io.autorenew.keys.UserKey;
import io.autorenew.openrouter.ApiKey;
import io.autorenew.openrouter.KeyProvisioningProperties;
import io.autorenew.renewal.KeyLease;
import io.autorenew.standin.OpenRouterStandIn;
import io.autorenew.standin.SimulatedKeys;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

import static io.autorenew.support.PrintsNoSecret.assertPrintsNo;
import static io.autorenew.support.PrintsNoSecret.assertThrowablePrintsNo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.springframework.test.web.client.match.MockRestRequestMatchers.method;

/**
 * Every type that holds a secret (a runtime key, the management key, an encryption or
 * signing key, a user's prompt) prints it masked or not at all, and a failed OpenRouter call
 * becomes an exception whose message names no key, prompt or upstream body. Package-private
 * types are built through reflection; {@code security}'s and {@code store}'s are covered by
 * {@code security.SecretToStringSecurityTests} and {@code store.StoreSecretToStringTests}.
 */
class SecretToStringTests {

	private static final String KEY = "sk-or-v1-"
			+ "5d2b9c41e0f7a3b6c8d1e4f7a0b3c6d9e2f5a8b1c4d7e0f3a6b9c2d5e8f1a4b7";

	private static final String OTHER_KEY = "sk-or-v1-"
			+ "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9";

	private static final String MANAGEMENT_KEY = "sk-or-v1-"
			+ "9e8d7c6b5a49382716f0e1d2c3b4a5968778695a4b3c2d1e0f9e8d7c6b5a4938";

	private static final String ENCRYPTION_KEY = Base64.getEncoder()
		.encodeToString("0123456789abcdef0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII));

	private static final String PREVIOUS_ENCRYPTION_KEY = Base64.getEncoder()
		.encodeToString("fedcba9876543210FEDCBA9876543210".getBytes(StandardCharsets.US_ASCII));

	private static final String PROMPT = "Confidential PROMPT-4f2a: the merger with Initech closes on Friday.";

	private static final Instant NOW = Instant.parse("2026-11-02T10:00:00Z");

	private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

	// keys

	@Test
	void provisioningPropertiesPrintTheManagementKeyMasked() {
		KeyProvisioningProperties properties = new KeyProvisioningProperties(MANAGEMENT_KEY, Duration.ofSeconds(5),
				Duration.ofSeconds(15), Duration.ofSeconds(30), 5, Duration.ofSeconds(30), Duration.ofMinutes(10));

		assertPrintsNo(properties, MANAGEMENT_KEY);
		assertPrintsNo(properties.managementKey().orElseThrow(), MANAGEMENT_KEY);
	}

	@Test
	void encryptionPropertiesAndCipherPrintNoEncryptionKey() {
		KeyEncryptionProperties properties = KeyEncryptionProperties.of(ENCRYPTION_KEY, PREVIOUS_ENCRYPTION_KEY);

		assertPrintsNo(properties, ENCRYPTION_KEY, PREVIOUS_ENCRYPTION_KEY);
		assertPrintsNo(new KeyCipher(properties), ENCRYPTION_KEY, PREVIOUS_ENCRYPTION_KEY);
	}

	@Test
	void encryptionErrorsNameNoKeyAndNoPlaintext() {
		String notBase64 = "not*base64*but*still*a*secret*value";
		String tooShort = Base64.getEncoder().encodeToString("sixteen-byte-key".getBytes(StandardCharsets.US_ASCII));
		KeyCipher cipher = new KeyCipher(KeyEncryptionProperties.of(ENCRYPTION_KEY, ""));
		KeyCipher other = new KeyCipher(KeyEncryptionProperties.of(PREVIOUS_ENCRYPTION_KEY, ""));
		String sealed = cipher.encrypt("alice", KEY);

		assertThrowablePrintsNo(catchThrowable(() -> new KeyCipher(KeyEncryptionProperties.of(notBase64, ""))),
				notBase64);
		assertThrowablePrintsNo(catchThrowable(() -> new KeyCipher(KeyEncryptionProperties.of(tooShort, ""))),
				tooShort);
		assertThrowablePrintsNo(catchThrowable(() -> cipher.decrypt("bob", cipher.currentKeyId(), sealed)), KEY,
				sealed, ENCRYPTION_KEY);
		assertThrowablePrintsNo(catchThrowable(() -> other.decrypt("alice", cipher.currentKeyId(), sealed)), KEY,
				sealed, ENCRYPTION_KEY);
	}

	@Test
	void userKeysAndWhatCarriesThemPrintTheKeyMasked() throws Exception {
		UserKey key = userKey(KEY);
		Object minted = construct("io.autorenew.openrouter.MintedKey", new ApiKey(OTHER_KEY), "hash-2", NOW);
		Object replaced = call(key, "replacedBy", minted, NOW, true);

		assertPrintsNo(key, KEY);
		assertPrintsNo(new KeyLease(key, true, false), KEY);
		assertPrintsNo(construct("io.autorenew.renewal.SingleFlight$Outcome", key, true), KEY);
		assertPrintsNo(minted, OTHER_KEY);
		assertPrintsNo(replaced, KEY, OTHER_KEY);
	}

	@Test
	void storedDocumentPrintsNeitherTheKeyNorItsCiphertext() throws Exception {
		KeyCipher cipher = new KeyCipher(KeyEncryptionProperties.of(ENCRYPTION_KEY, ""));
		Object document = callStatic("io.autorenew.keys.ApiKeyDocument", "of", userKey(KEY), cipher);
		String ciphertext = (String) call(document, "encryptedKey");

		assertPrintsNo(document, KEY, ciphertext);
	}

	// analysis

	@Test
	void analysisRequestPrintsNoPrompt() throws Exception {
		assertPrintsNo(construct("io.autorenew.analysis.AnalysisRequest", PROMPT, "openai/gpt-4o-mini", 100), PROMPT);
	}

	// demo

	@Test
	void simulatorMintedKeyAndItsStatePrintTheKeyMasked() throws Exception {
		Object keys = construct("io.autorenew.standin.SimulatedKeys", CLOCK, 3, Duration.ZERO);
		Object minted = call(keys, "mint", keyRequest("alice"));
		String key = (String) call(minted, "key");

		assertThat(key).matches("sk-or-v1-[0-9a-f]{64}");
		assertPrintsNo(minted, key);
		assertPrintsNo(call(minted, "state"), key);
		assertPrintsNo(keys, key);
	}

	@Test
	void simulatorChatPromptPrintsNoPrompt() throws Exception {
		JsonPrompt request = new JsonPrompt(PROMPT);

		assertPrintsNo(callStatic("io.autorenew.standin.ChatPrompt", "from", request.json()), PROMPT);
		assertPrintsNo(construct("io.autorenew.standin.ChatPrompt", "openai/gpt-4o-mini", PROMPT, 12), PROMPT);
	}

	@Test
	void simulatorAndItsPartsPrintNoManagementKey() throws Exception {
		try (OpenRouterStandIn standIn = OpenRouterStandIn.start(MANAGEMENT_KEY, 3, Duration.ZERO, CLOCK)) {
			Object keys = construct("io.autorenew.standin.SimulatedKeys", CLOCK, 3, Duration.ZERO);
			Object endpoints = construct("io.autorenew.standin.StandInEndpoints", MANAGEMENT_KEY, keys, CLOCK);
			String jwtSecret = "demo-jwt-secret-0123456789-abcdefghijklmnop";

			assertPrintsNo(standIn, MANAGEMENT_KEY);
			assertPrintsNo(endpoints, MANAGEMENT_KEY);
			assertPrintsNo(construct("io.autorenew.demo.DemoInstructions", jwtSecret, CLOCK, standIn, true), jwtSecret);
		}
	}

	@Test
	void simulatorMintReplyPrintsTheNewKeyMasked() throws Exception {
		Object keys = construct("io.autorenew.standin.SimulatedKeys", CLOCK, 3, Duration.ZERO);
		Object endpoints = construct("io.autorenew.standin.StandInEndpoints", MANAGEMENT_KEY, keys, CLOCK);
		Object reply = call(endpoints, "handle", "POST", "/keys", null, "Bearer " + MANAGEMENT_KEY,
				"{\"name\":\"alice\"}".getBytes(StandardCharsets.UTF_8));
		String key = (String) ((Map<?, ?>) call(reply, "body")).get("key");

		assertThat(key).matches("sk-or-v1-[0-9a-f]{64}");
		assertPrintsNo(reply, key);
	}

	// helpers

	private static UserKey userKey(String key) {
		return new UserKey("alice", new ApiKey(key), "hash-1", ApiKey.mask(key), NOW, NOW.plus(Duration.ofDays(30)),
				false, null, 0);
	}

	private static Object keyRequest(String name) throws Exception {
		return construct("io.autorenew.standin.KeyRequest", name, null, null, null, false);
	}

	private static Object construct(String className, Object... arguments) throws Exception {
		Class<?> type = Class.forName(className);
		Constructor<?> constructor;
		if (type.isRecord()) {
			constructor = type.getDeclaredConstructor(
					Arrays.stream(type.getRecordComponents()).map(RecordComponent::getType).toArray(Class<?>[]::new));
		}
		else {
			constructor = Arrays.stream(type.getDeclaredConstructors())
				.filter((candidate) -> candidate.getParameterCount() == arguments.length)
				.findFirst()
				.orElseThrow();
		}
		constructor.setAccessible(true);
		try {
			return constructor.newInstance(arguments);
		}
		catch (InvocationTargetException ex) {
			throw unwrap(ex);
		}
	}

	private static Object call(Object target, String name, Object... arguments) throws Exception {
		return invoke(target.getClass(), target, name, arguments);
	}

	private static Object callStatic(String className, String name, Object... arguments) throws Exception {
		return invoke(Class.forName(className), null, name, arguments);
	}

	private static Object invoke(Class<?> type, Object target, String name, Object... arguments) throws Exception {
		Method method = Arrays.stream(type.getDeclaredMethods())
			.filter((candidate) -> candidate.getName().equals(name)
					&& candidate.getParameterCount() == arguments.length)
			.findFirst()
			.orElseThrow(() -> new NoSuchMethodException(type.getName() + "." + name));
		method.setAccessible(true);
		try {
			return method.invoke(target, arguments);
		}
		catch (InvocationTargetException ex) {
			throw unwrap(ex);
		}
	}

	private static Exception unwrap(InvocationTargetException ex) {
		return (ex.getCause() instanceof Exception cause) ? cause : ex;
	}

	/** A chat request body as the stand-in reads it. */
	private record JsonPrompt(String prompt) {

		JsonNode json() {
			ObjectNode body = new ObjectMapper().createObjectNode();
			body.put("model", "openai/gpt-4o-mini");
			body.putArray("messages").addObject().put("role", "user").put("content", this.prompt);
			return body;
		}

	}

}
