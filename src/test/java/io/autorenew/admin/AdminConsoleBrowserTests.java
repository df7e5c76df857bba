package io.autorenew.admin;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import io.autorenew.support.Api;
import io.autorenew.support.Api.Response;
import io.autorenew.support.MongoWireServer;
import io.autorenew.support.OpenRouterStub;
import io.autorenew.support.Replica;
import io.autorenew.support.SpendDays;
import io.autorenew.support.Tokens;
import io.autorenew.support.Tools;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin console in a real browser (Debian's headless Chromium through chromedriver),
 * against the whole service: it loads, signs in with a pasted admin token, lists the seeded
 * users most spent first, its suspend button (after the confirmation) makes that user's next
 * call 403, the spend chart has one point per day of the last 30 (stacked by model too), and the caps
 * page shows what each cap has used.
 * Screenshots at 1280 px and at a phone's
 * width are kept under {@code target/admin-console/}.
 */
class AdminConsoleBrowserTests {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static final String PROMPT = "{\"prompt\":\"hello\"}";

	@TempDir
	Path profile;

	private Replica service;

	private ChromeDriver browser;

	@BeforeEach
	void start() {
		Tools.require(CHROMIUM, "chromium");
		Tools.require(CHROMEDRIVER, "chromium-driver");
		MongoWireServer.reset();
		OpenRouterStub.reset();
		this.service = Replica.start("console", "OPENROUTER_MINTS_PER_MINUTE=3", "OPENROUTER_TOTAL_LIMIT_USD=1000");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
				"--disable-sync", "--window-size=1280,900", "--user-data-dir=" + this.profile);
		this.browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build(), options);
	}

	@AfterEach
	void stop() {
		if (this.browser != null) {
			this.browser.quit();
		}
		if (this.service != null) {
			this.service.close();
		}
	}

	@Test
	void signsInListsUsersBySpendSuspendsOneAndChartsEachDay() throws Exception {
		Api api = this.service.api();
		for (String user : List.of("alice", "alice", "alice", "bob", "bob", "carol")) {
			assertThat(api.analyse(Tokens.user(user), PROMPT).status()).isEqualTo(200);
		}
		Awaitility.await().atMost(WAIT).until(() -> SpendDays.calls() >= 6);
		LocalDate today = LocalDate.now(ZoneOffset.UTC);
		SpendDays.seed(today.minusDays(2), "alice", "openai/gpt-4o-mini", 1, 30_000L);
		SpendDays.seed(today.minusDays(5), "bob", "openai/gpt-4o-mini", 1, 10_000L);
		SpendDays.seed(today.minusDays(2), "carol", "anthropic/claude-haiku-4.5", 1, 20_000L);

		this.browser.get(api.baseUrl() + "/admin/");
		WebDriverWait wait = new WebDriverWait(this.browser, WAIT);
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
		screenshot("1-sign-in");
		this.browser.findElement(By.id("token")).sendKeys(Tokens.admin());
		this.browser.findElement(By.cssSelector("#sign-in-form button")).click();

		wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#users-table tbody tr"), 3));
		assertThat(rowsUserIds()).as("most spent this period first").containsExactly("alice", "bob", "carol");
		assertThat(this.browser.switchTo().activeElement().getText()).as("focus on the page's heading").isEqualTo("Users");
		assertThat(this.browser.findElement(By.cssSelector("nav a[aria-current='page']")).getText()).isEqualTo("Users");
		assertThat(this.browser.findElements(By.cssSelector("#users-table meter[aria-label]"))).hasSize(3);
		screenshot("2-users");

		this.browser.findElement(By.cssSelector("tr[data-user-id='bob'] button[aria-label='Suspend bob']")).click();
		wait.until(ExpectedConditions.alertIsPresent()).accept();
		wait.until(ExpectedConditions.textToBe(By.cssSelector("tr[data-user-id='bob'] .status"), "suspended"));
		Response refused = api.analyse(Tokens.user("bob"), PROMPT);
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.code()).isEqualTo("user_suspended");
		screenshot("3-bob-suspended");

		this.browser.get(api.baseUrl() + "/admin/#spend");
		wait.until(ExpectedConditions.attributeToBe(By.id("spend-chart"), "data-points", "30"));
		assertThat(this.browser.findElements(By.cssSelector("#spend-table tbody tr"))).as("one row per day with spend")
			.hasSize(3);
		assertThat(this.browser.findElements(By.cssSelector("#spend-chart canvas"))).isNotEmpty();
		wait.until(ExpectedConditions.attributeToBe(By.id("stack-chart"), "data-series", "2"));
		assertThat(this.browser.findElement(By.id("stack-chart")).getAttribute("data-points"))
			.as("the last 30 days, one point each").isEqualTo("30");
		screenshot("4-spend");

		this.browser.get(api.baseUrl() + "/admin/#caps");
		wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#caps-table tbody tr"), 3));
		// Three first keys took the three mints of the minute; one comes back every 20 s.
		assertThat(Integer.parseInt(this.browser.findElement(By.cssSelector("tr[data-cap='mints'] .used")).getText().trim()))
			.as("mints taken of the minute's three").isBetween(1, 3);
		assertThat(this.browser.findElement(By.cssSelector("tr[data-cap='total_limit'] .used")).getText())
			.as("three live keys of 5 USD").contains("15");
		assertThat(this.browser.findElement(By.cssSelector("tr[data-cap='new_users']")).getText()).contains("off");
		screenshot("5-caps");

		this.browser.manage().window().setSize(new Dimension(390, 844));
		this.browser.get(api.baseUrl() + "/admin/#users");
		wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#users-table tbody tr"), 3));
		screenshot("6-users-on-a-phone");
	}

	@Test
	void aTokenWithoutTheAdminClaimDoesNotSignIn() {
		this.browser.get(this.service.api().baseUrl() + "/admin/");
		WebDriverWait wait = new WebDriverWait(this.browser, WAIT);
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));

		this.browser.findElement(By.id("token")).sendKeys(Tokens.user("mallory"));
		this.browser.findElement(By.cssSelector("#sign-in-form button")).click();

		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("sign-in-error"), "forbidden"));
		assertThat(this.browser.findElement(By.id("users")).isDisplayed()).isFalse();
	}

	/** Where an identity provider is set, the console signs in with it: authorization code and PKCE. */
	@Test
	void signsInWithTheIdentityProviderByCodeAndPkce() throws Exception {
		try (PkceIssuerStub issuer = new PkceIssuerStub();
				Replica withIssuer = Replica.start("console-oidc", "AUTH_JWT_ISSUER_URI=" + issuer.issuer(),
						"AUTH_JWT_AUDIENCE=" + PkceIssuerStub.AUDIENCE, "AUTH_ADMIN_SOURCE=issuer", "AUTH_ADMIN_CLAIM=roles",
						"AUTH_ADMIN_VALUE=" + PkceIssuerStub.ROLE, "CONSOLE_OIDC_CLIENT_ID=" + PkceIssuerStub.CLIENT_ID)) {
			this.browser.get(withIssuer.api().baseUrl() + "/admin/");
			WebDriverWait wait = new WebDriverWait(this.browser, WAIT);
			wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in-issuer"))).click();

			wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("users")));
			assertThat(this.browser.getCurrentUrl()).as("the code is gone from the address").doesNotContain("code=");
			assertThat(issuer.verifiedExchanges.get()).as("codes exchanged with a matching verifier").isEqualTo(1);
			assertThat(issuer.refusedExchanges.get()).isZero();
			screenshot("7-signed-in-with-the-identity-provider");
		}
	}

	private List<String> rowsUserIds() {
		return this.browser.findElements(By.cssSelector("#users-table tbody tr"))
			.stream()
			.map((WebElement row) -> row.getAttribute("data-user-id"))
			.toList();
	}

	private void screenshot(String name) throws Exception {
		File shot = this.browser.getScreenshotAs(OutputType.FILE);
		Path target = Path.of("target", "admin-console", name + ".png");
		Files.createDirectories(target.getParent());
		Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
	}

}
