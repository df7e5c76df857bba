package io.autorenew.demo;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.autorenew.GatewayApplication;
import io.autorenew.support.Api;
import io.autorenew.support.Tools;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo page in a real browser (Debian's headless Chromium through chromedriver): it signs
 * in, streams an answer, and after the user's key is deleted at (simulated) OpenRouter, the
 * next answer still arrives and the key panel shows the renewal; its link opens the admin console
 * signed in as the demo admin. Screenshots are kept under
 * {@code target/demo-page/}. A machine without Chromium skips it, but where {@code TEST_TOOLS_REQUIRED} is set
 * (CI) it must run.
 */
class DemoPageBrowserTests {

	static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private static final Duration WAIT = Duration.ofSeconds(20);

	@TempDir
	Path data;

	@TempDir
	Path profile;

	private ConfigurableApplicationContext app;

	private WebDriver browser;

	@BeforeEach
	void start() {
		Tools.require(CHROMIUM, "chromium");
		Tools.require(CHROMEDRIVER, "chromium-driver");
		this.app = new SpringApplicationBuilder(GatewayApplication.class).profiles("demo")
			.properties("SERVER_PORT=0", "EMBEDDED_MONGO_DIR=" + this.data, "DEMO_KEY_EXPIRE_AFTER_CALLS=0")
			.run();
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
				"--disable-sync", "--window-size=1200,900", "--user-data-dir=" + this.profile);
		ChromeDriverService driver = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		this.browser = new ChromeDriver(driver, options);
	}

	@AfterEach
	void stop() {
		if (this.browser != null) {
			this.browser.quit();
		}
		if (this.app != null) {
			this.app.close();
		}
	}

	@Test
	void streamsAnAnswerAndShowsARenewalAfterTheKeyIsGone() throws Exception {
		int port = port();
		this.browser.get("http://localhost:" + port + "/");
		WebDriverWait wait = new WebDriverWait(this.browser, WAIT);
		wait.until(ExpectedConditions.textToBe(By.id("who"), "Signed in as demo-user"));

		send(wait);
		assertThat(text("answer")).isNotBlank();
		assertThat(text("meta")).contains("a key was minted for you");
		wait.until(ExpectedConditions.not(ExpectedConditions.textToBe(By.id("key-label"),
				"none yet: the first prompt mints one")));
		assertThat(text("key-label")).matches("\\*{4}[A-Za-z0-9]{4}");
		assertThat(text("key-usage")).as("the user's budget, not the key's limit").matches("\\$[0-9.]+ of \\$[0-9.]+ this period");
		assertThat(this.browser.findElement(By.id("key-renewed")).isDisplayed()).isFalse();
		screenshot("1-first-answer");

		String firstLabel = text("key-label");
		deleteTheKeyAtOpenRouter(port);
		send(wait);

		assertThat(text("answer")).isNotBlank();
		assertThat(text("meta")).contains("your key was renewed on the way");
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("key-renewed")));
		assertThat(text("key-renewed")).startsWith("renewed");
		assertThat(text("key-renewals")).isEqualTo("1");
		assertThat(text("key-label")).isNotEqualTo(firstLabel);
		screenshot("2-after-renewal");

		this.browser.findElement(By.id("console")).click();
		wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#users-table tbody tr[data-user-id='demo-user']")));
		assertThat(this.browser.findElement(By.id("sign-in")).isDisplayed()).as("signed in as the demo admin").isFalse();
		screenshot("3-admin-console");
	}

	private void send(WebDriverWait wait) {
		WebElement prompt = this.browser.findElement(By.id("prompt"));
		prompt.clear();
		prompt.sendKeys("Summarise: keys that renew themselves.");
		this.browser.findElement(By.id("send")).click();
		wait.until(ExpectedConditions.or(ExpectedConditions.textToBe(By.id("state"), "done"),
				ExpectedConditions.textToBe(By.id("state"), "error")));
		assertThat(text("state")).as("state, with %s", text("meta")).isEqualTo("done");
		wait.until(ExpectedConditions.elementToBeClickable(By.id("send")));
	}

	/** Deletes the user's key at the stand-in with its management key, as an operator at OpenRouter might. */
	private void deleteTheKeyAtOpenRouter(int port) throws Exception {
		String token = this.app.getBean(DemoTokens.class).user(Duration.ofMinutes(5)).token();
		String hash = new Api(port).get("/analysis/key", token).json().path("keyHash").asString();
		String base = this.app.getEnvironment().getProperty(DemoEnvironmentPostProcessor.BASE_URL);
		String management = this.app.getEnvironment().getProperty(DemoEnvironmentPostProcessor.PROVISIONING_KEY);
		HttpResponse<String> deleted = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(base + "/keys/" + hash))
				.header("Authorization", "Bearer " + management)
				.DELETE()
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(deleted.statusCode()).isEqualTo(200);
	}

	private String text(String id) {
		return this.browser.findElement(By.id(id)).getText();
	}

	private void screenshot(String name) throws Exception {
		File shot = ((ChromeDriver) this.browser).getScreenshotAs(OutputType.FILE);
		Path target = Path.of("target", "demo-page", name + ".png");
		Files.createDirectories(target.getParent());
		Files.copy(shot.toPath(), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
	}

	private int port() {
		return Integer.parseInt(this.app.getEnvironment().getProperty("local.server.port"));
	}

}
