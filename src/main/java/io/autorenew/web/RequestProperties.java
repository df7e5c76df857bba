package io.autorenew.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits on incoming requests.
 *
 * @param maxSize largest request body accepted ({@code MAX_REQUEST_SIZE}); checked before parsing
 */
@ConfigurationProperties("request")
record RequestProperties(@DefaultValue("1MB") DataSize maxSize) {
}
