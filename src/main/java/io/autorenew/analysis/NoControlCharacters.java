package io.autorenew.analysis;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * Text may hold tabs and line breaks but no other control characters (NUL, ESC, DEL…), and
 * no unpaired UTF-16 surrogate (a {@code \ud800} escape that encodes no character).
 */
@Documented
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = NoControlCharacters.Validator.class)
@interface NoControlCharacters {

	String message() default "must not contain control characters or broken characters";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	/** Checks each character once: linear in the text's length. */
	final class Validator implements ConstraintValidator<NoControlCharacters, String> {

		@Override
		public boolean isValid(String text, ConstraintValidatorContext context) {
			if (text == null) {
				return true;
			}
			for (int i = 0; i < text.length(); i++) {
				char c = text.charAt(i);
				if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
					return false;
				}
				if (Character.isHighSurrogate(c) && i + 1 < text.length()
						&& Character.isLowSurrogate(text.charAt(i + 1))) {
					i++;
				}
				else if (Character.isSurrogate(c)) {
					return false;
				}
			}
			return true;
		}

	}

}
