package io.autorenew.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The problem {@code code}s an endpoint can answer besides the ones every endpoint can
 * ({@code unauthorized}, {@code internal_error}); the API description lists each under its
 * status, with what it means ({@link Failure#when()}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ProblemCodes {

	/** The failures it can answer with. */
	Failure[] value() default {};

	/**
	 * The endpoint calls OpenRouter's chat API with the user's key, minting or renewing it as
	 * needed: it can answer every code of {@link Failure#CHAT_CALL}.
	 */
	boolean chatCall() default false;

}
