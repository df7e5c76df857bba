package io.autorenew.demo;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.autorenew.InvalidSettingException;
import io.autorenew.standin.OpenRouterStandIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.logging.DeferredLogs;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.SimpleApplicationEventMulticaster;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Plain unit tests: an environment, a {@link SpringApplication} that never runs, a bare context. */
class DemoEnvironmentPostProcessorTests {

	private final DemoEnvironmentPostProcessor postProcessor = new DemoEnvironmentPostProcessor(new DeferredLogs());

	private final StandardEnvironment environment = new StandardEnvironment();

	private final SpringApplication application = new SpringApplication();

	private final GenericApplicationContext context = new GenericApplicationContext();

	private final HttpClient http = HttpClient.newHttpClient();

	DemoEnvironmentPostProcessorTests() {
		this.application.setInitializers(List.of());
	}

	@AfterEach
	void closeSimulator() {
		initialize();
		if (this.context.getBeanFactory().containsBean("openRouterStandIn")) {
			simulatorBean().close();
		}
		this.context.close();
	}

	@Test
	void doesNothingWithoutTheDemoProfile() {
		this.environment.setActiveProfiles("dev");
		this.postProcessor.postProcessEnvironment(this.environment, this.application);
		assertThat(this.environment.getPropertySources().contains("demo")).isFalse();
		assertThat(this.application.getInitializers()).isEmpty();
	}

	@Test
	void pointsOpenRouterAtARunningSimulator() throws Exception {
		this.environment.setActiveProfiles("demo");
		this.postProcessor.postProcessEnvironment(this.environment, this.application);
		assertThat(this.environment.getPropertySources().iterator().next().getName()).isEqualTo("demo");
		String baseUrl = this.environment.getProperty("OPENROUTER_BASE_URL");
		String managementKey = this.environment.getProperty("OPENROUTER_PROVISIONING_KEY");
		assertThat(baseUrl).matches("http://127\\.0\\.0\\.1:\\d+/api/v1");
		assertThat(managementKey).matches("sk-or-v1-[0-9a-f]{64}");
		assertThat(listKeys(baseUrl, managementKey)).isEqualTo(200);
	}

	@Test
	void generatesMissingSecrets() {
		this.environment.setActiveProfiles("demo");
		this.postProcessor.postProcessEnvironment(this.environment, this.application);
		assertThat(this.environment.getProperty("AUTH_JWT_SECRET")).matches("[A-Za-z0-9]{48}");
		assertThat(Base64.getDecoder().decode(this.environment.getProperty("KEY_ENCRYPTION_KEY"))).hasSize(32);
	}

	@Test
	void keepsAnEncryptionKeyThatIsAlreadySet() {
		this.environment.setActiveProfiles("demo");
		this.environment.getPropertySources()
			.addLast(new MapPropertySource("user", Map.of("KEY_ENCRYPTION_KEY", "bXkta2V5")));
		this.postProcessor.postProcessEnvironment(this.environment, this.application);
		assertThat(this.environment.getProperty("KEY_ENCRYPTION_KEY")).isEqualTo("bXkta2V5");
		assertThat(this.environment.getProperty("AUTH_JWT_SECRET")).matches("[A-Za-z0-9]{48}");
	}

	/** Beside a real deployment's settings the demo would hand out tokens and a fake OpenRouter: it refuses. */
	@ParameterizedTest
	@ValueSource(strings = { "OPENROUTER_PROVISIONING_KEY=sk-or-v1-real-management-key",
			"AUTH_JWT_SECRET=my-own-secret-0123456789-abcdefghij", "AUTH_JWT_ISSUER_URI=https://id.example.com",
			"MONGODB_URI=mongodb://db.example.com:27017" })
	void refusesToStartBesideARealSetting(String setting) {
		String name = setting.substring(0, setting.indexOf('='));
		this.environment.setActiveProfiles("demo");
		this.environment.getPropertySources()
			.addLast(new MapPropertySource("user", Map.of(name, setting.substring(setting.indexOf('=') + 1))));

		assertThatThrownBy(() -> this.postProcessor.postProcessEnvironment(this.environment, this.application))
			.isInstanceOf(InvalidSettingException.class)
			.hasMessageStartingWith("The demo profile refuses to start beside real settings (" + name + ")")
			.hasMessageNotContaining("\n");
		assertThat(this.environment.getPropertySources().contains("demo")).as("no standIn started").isFalse();
	}

	@Test
	void listensOnTheLoopbackAndServesTheApiDescription() {
		this.environment.setActiveProfiles("demo");
		this.postProcessor.postProcessEnvironment(this.environment, this.application);
		assertThat(this.environment.getProperty("server.address")).isEqualTo("127.0.0.1");
		assertThat(this.environment.getProperty("API_DOCS_ENABLED")).isEqualTo("true");
	}

	/** A newcomer who sourced .env.example still gets a working demo. */
	@Test
	void replacesTheEnvExamplePlaceholdersWithGeneratedSecrets() {
		this.environment.setActiveProfiles("demo");
		this.environment.getPropertySources()
			.addLast(new MapPropertySource("user",
					Map.of("AUTH_JWT_SECRET", "change-me", "KEY_ENCRYPTION_KEY", " change-me ")));
		this.postProcessor.postProcessEnvironment(this.environment, this.application);
		assertThat(this.environment.getProperty("AUTH_JWT_SECRET")).matches("[A-Za-z0-9]{48}");
		assertThat(Base64.getDecoder().decode(this.environment.getProperty("KEY_ENCRYPTION_KEY"))).hasSize(32);
	}

	@Test
	void allowsItsOwnOriginAndAFrontendDevServer() {
		this.environment.setActiveProfiles("demo");
		this.environment.getPropertySources()
			.addLast(new MapPropertySource("user", Map.of("server.port", "18080")));
		this.postProcessor.postProcessEnvironment(this.environment, this.application);
		assertThat(this.environment.getProperty("CORS_ALLOWED_ORIGINS"))
			.isEqualTo("http://localhost:18080,http://127.0.0.1:18080,http://localhost:3000");
	}

	@Test
	void keepsConfiguredOrigins() {
		this.environment.setActiveProfiles("demo");
		this.environment.getPropertySources()
			.addLast(new MapPropertySource("user", Map.of("CORS_ALLOWED_ORIGINS", "https://app.example.com")));
		this.postProcessor.postProcessEnvironment(this.environment, this.application);
		assertThat(this.environment.getProperty("CORS_ALLOWED_ORIGINS")).isEqualTo("https://app.example.com");
	}

	@Test
	void expiresKeysAfterThreeCallsByDefault() {
		this.environment.setActiveProfiles("demo");
		this.postProcessor.postProcessEnvironment(this.environment, this.application);
		OpenRouterStandIn standIn = standIn();
		assertThat(standIn.expireAfterCalls()).isEqualTo(3);
		assertThat(standIn.expireAfter()).isZero();
	}

	@Test
	void readsTheExpiryPolicy() {
		this.environment.setActiveProfiles("demo");
		this.environment.getPropertySources()
			.addLast(new MapPropertySource("user",
					Map.of("DEMO_KEY_EXPIRE_AFTER_CALLS", "0", "DEMO_KEY_EXPIRE_AFTER", "45s")));
		this.postProcessor.postProcessEnvironment(this.environment, this.application);
		OpenRouterStandIn standIn = standIn();
		assertThat(standIn.expireAfterCalls()).isZero();
		assertThat(standIn.expireAfter()).isEqualTo(Duration.ofSeconds(45));
	}

	@Test
	void startsOneSimulatorPerEnvironment() {
		this.environment.setActiveProfiles("demo");
		this.postProcessor.postProcessEnvironment(this.environment, this.application);
		String baseUrl = this.environment.getProperty("OPENROUTER_BASE_URL");
		this.postProcessor.postProcessEnvironment(this.environment, this.application);
		assertThat(this.environment.getProperty("OPENROUTER_BASE_URL")).isEqualTo(baseUrl);
		assertThat(this.application.getInitializers()).hasSize(1);
	}

	@Test
	void closesTheSimulatorWithTheContext() {
		this.environment.setActiveProfiles("demo");
		this.postProcessor.postProcessEnvironment(this.environment, this.application);
		String baseUrl = this.environment.getProperty("OPENROUTER_BASE_URL");
		String managementKey = this.environment.getProperty("OPENROUTER_PROVISIONING_KEY");
		OpenRouterStandIn standIn = standIn();
		assertThat(standIn.baseUrl()).hasToString(baseUrl);
		this.context.close();
		assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> listKeys(baseUrl, managementKey));
	}

	@Test
	void closesTheSimulatorWhenTheApplicationFailsToStart() {
		this.environment.setActiveProfiles("demo");
		this.postProcessor.postProcessEnvironment(this.environment, this.application);
		String baseUrl = this.environment.getProperty("OPENROUTER_BASE_URL");
		String managementKey = this.environment.getProperty("OPENROUTER_PROVISIONING_KEY");
		initialize();
		publishToContextListeners(new ApplicationFailedEvent(this.application, new String[0],
				new GenericApplicationContext(), new IllegalStateException("another context failed")));
		assertThat(listKeysQuietly(baseUrl, managementKey)).isEqualTo(200);
		publishToContextListeners(new ApplicationFailedEvent(this.application, new String[0], this.context,
				new IllegalStateException("refresh failed")));
		assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> listKeys(baseUrl, managementKey));
	}

	/** What Spring Boot does with a failure of a context that never became active. */
	private void publishToContextListeners(ApplicationFailedEvent event) {
		SimpleApplicationEventMulticaster multicaster = new SimpleApplicationEventMulticaster();
		this.context.getApplicationListeners().forEach(multicaster::addApplicationListener);
		multicaster.multicastEvent(event);
	}

	private int listKeysQuietly(String baseUrl, String managementKey) {
		try {
			return listKeys(baseUrl, managementKey);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private OpenRouterStandIn standIn() {
		initialize();
		this.context.refresh();
		return simulatorBean();
	}

	private OpenRouterStandIn simulatorBean() {
		return this.context.getBeanFactory().getBean("openRouterStandIn", OpenRouterStandIn.class);
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private void initialize() {
		for (ApplicationContextInitializer initializer : this.application.getInitializers()) {
			initializer.initialize((ConfigurableApplicationContext) this.context);
		}
		this.application.setInitializers(List.of());
	}

	private int listKeys(String baseUrl, String managementKey) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/keys"))
			.header("Authorization", "Bearer " + managementKey)
			.timeout(Duration.ofSeconds(5))
			.build();
		return this.http.send(request, BodyHandlers.discarding()).statusCode();
	}

}
