package io.autorenew.support;

import io.autorenew.openrouter.OpenRouterException;
import io.autorenew.openrouter.UpstreamFailure;
import org.assertj.core.api.Condition;

/** Assertions on OpenRouter failures. */
public final class Upstream {

	private Upstream() {
	}

	/** An {@link OpenRouterException} of this kind of failure. */
	public static Condition<Object> failure(UpstreamFailure failure) {
		return new Condition<>((thrown) -> thrown instanceof OpenRouterException upstream && upstream.upstream() == failure,
				"an OpenRouterException of %s", failure);
	}

}
