package io.autorenew.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Points Boot's MongoDB auto-configuration at {@link MongoStore}. */
@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

	@Bean
	MongoStore mongoStore(StoreProperties properties) {
		return MongoStore.from(properties);
	}

}
