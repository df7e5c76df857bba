package bench.gateway;

import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;

/**
 * A reference hop of the benchmark (issue 38, part 7): Spring Cloud Gateway on WebFlux (Reactor
 * Netty), forwarding {@code /api/v1/**} to the upstream as it is. Settings: {@code REF_PORT},
 * {@code REF_UPSTREAM_ORIGIN} (the stub's scheme, host and port).
 */
@SpringBootApplication
public class GatewayHop {

	public static void main(String[] args) {
		SpringApplication app = new SpringApplication(GatewayHop.class);
		app.setDefaultProperties(Map.of("server.port", "${REF_PORT:18497}", "server.address", "127.0.0.1"));
		app.run(args);
	}

	@Bean
	RouteLocator routes(RouteLocatorBuilder routes, @Value("${REF_UPSTREAM_ORIGIN}") String origin) {
		return routes.routes().route("openrouter", (route) -> route.path("/api/v1/**").uri(origin)).build();
	}

}
