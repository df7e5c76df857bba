package io.autorenew.standin;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.util.Assert;

/**
 * Runs the OpenRouter stand-in alone until the process is stopped, and logs its base URL:
 * {@code java -cp … io.autorenew.standin.StandInMain --management-key=K [--port=N]
 * [--expire-after-calls=N] [--mint-delay=300ms]} (port 0, the default, is any free one; 0
 * calls, the default, never expires a key; no mint delay by default). Each mint is logged with
 * the key's name, which holds the user id.
 */
public final class StandInMain {

	private static final Logger logger = LoggerFactory.getLogger(StandInMain.class);

	private StandInMain() {
	}

	public static void main(String[] args) throws InterruptedException {
		Map<String, String> options = new HashMap<>();
		for (String arg : args) {
			int equals = arg.indexOf('=');
			Assert.isTrue(arg.startsWith("--") && equals > 2, () -> "Not an option: " + arg);
			options.put(arg.substring(2, equals), arg.substring(equals + 1));
		}
		OpenRouterStandIn standIn = OpenRouterStandIn.start(Integer.parseInt(options.getOrDefault("port", "0")),
				options.get("management-key"), Integer.parseInt(options.getOrDefault("expire-after-calls", "0")),
				Duration.ZERO, Clock.systemUTC());
		standIn.mintDelay(DurationStyle.detectAndParse(options.getOrDefault("mint-delay", "0s")));
		Runtime.getRuntime().addShutdownHook(new Thread(standIn::close));
		logger.info("OpenRouter stand-in at {}", standIn.baseUrl());
		new CountDownLatch(1).await();
	}

}
