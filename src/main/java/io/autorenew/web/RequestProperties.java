package io.autorenew.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits on incoming requests.
 *
 * @param maxSize the largest request body ({@code 512KB}, {@code 2MB}, …), checked before parsing; larger
 * gets 413 {@code request_too_large} ({@code MAX_REQUEST_SIZE})
 */
@ConfigurationProperties("request")
record RequestProperties(@DefaultValue("1MB") DataSize maxSize) {
}
