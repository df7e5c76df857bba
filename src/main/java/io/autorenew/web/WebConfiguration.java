package io.autorenew.web;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import tools.jackson.databind.ObjectMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Servlet-level wiring: the request id comes first, then the request size cap, before
 * everything else, security included;
 * Tomcat hands encoded slashes on to Spring Security's firewall and answers what it refuses
 * itself with a problem, not an HTML page.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorsFromTomcat(
			ObjectProvider<ProblemWriter> problems) {
		return (factory) -> {
			factory.setProtocol(StreamFriendlyProtocol.class.getName());
			factory.addConnectorCustomizers((connector) -> {
				connector.setEncodedSolidusHandling("passthrough");
				connector.setEncodedReverseSolidusHandling("passthrough");
				// Each open connection holds these buffers for as long as it is open, and an open
				// stream is a connection held for minutes: 4 KB each instead of 8 KB (the socket's
				// read and write buffers, the read buffer again inside the request's) and 2 KB for
				// a chunked request's trailers, which no client of this service sends. About 14 KB
				// less per open stream; P1's short requests and answers fit either way
				// (bench/NOTES.md, "Issue 38: open streams on HTTP/2").
				connector.setProperty("socket.appReadBufSize", "4096");
				connector.setProperty("socket.appWriteBufSize", "4096");
				connector.setProperty("maxTrailerSize", "2048");
			});
			factory.addContextCustomizers((context) -> {
				if (context.getParent() instanceof StandardHost host) {
					host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
					host.addLifecycleListener((event) -> {
						if (Lifecycle.AFTER_START_EVENT.equals(event.getType())) {
							for (Valve valve : host.getPipeline().getValves()) {
								if (valve instanceof ProblemErrorReportValve errorPage) {
									errorPage.use(problems::getObject);
								}
							}
						}
					});
				}
			});
		};
	}

	@Bean
	FilterRegistrationBean<RequestIdFilter> requestIdFilter() {
		FilterRegistrationBean<RequestIdFilter> registration = new FilterRegistrationBean<>(new RequestIdFilter());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	/**
	 * Latency buckets for {@code http.server.requests} only (p99 alerts and dashboards, see
	 * {@code ops/alerts.yml}): the property {@code percentiles-histogram} matches by prefix and
	 * would also turn {@code http.server.requests.active} into a histogram, renaming its series.
	 */
	@Bean
	MeterFilter serverRequestsHistogram() {
		return new MeterFilter() {
			@Override
			public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
				return "http.server.requests".equals(id.getName())
						? DistributionStatisticConfig.builder().percentilesHistogram(true).build().merge(config) : config;
			}
		};
	}

	/** The one writer of error answers: problems, unless a feature's {@link ErrorShape} serves the path. */
	@Bean
	ProblemWriter problemWriter(ObjectProvider<ErrorShape> shapes, ObjectMapper json) {
		return new ProblemWriter(shapes.orderedStream().toList(), json);
	}

	@Bean
	FilterRegistrationBean<RequestSizeLimitFilter> requestSizeLimitFilter(
			RequestProperties properties, ProblemWriter problems) {
		FilterRegistrationBean<RequestSizeLimitFilter> registration = new FilterRegistrationBean<>(
				new RequestSizeLimitFilter(properties.maxSize(), problems));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		return registration;
	}

}
