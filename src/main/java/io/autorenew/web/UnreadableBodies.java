package io.autorenew.web;

import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import org.springframework.http.converter.HttpMessageNotReadableException;

/**
 * Says what is wrong with a body that could not be read, naming the field and the problem:
 * an unknown field (with the expected ones), a value of the wrong type, a duplicate field, or
 * a syntax error at a line and column. Field names are echoed only when they are plain
 * identifiers; no value from the body is ever echoed.
 */
final class UnreadableBodies {

	private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

	private static final String EMPTY = "The request body is empty: send a JSON object.";

	private static final Pattern DUPLICATE = Pattern.compile("Duplicate Object property \"([^\"]*)\"");

	private UnreadableBodies() {
	}

	/** A 400 {@code invalid_request} that says what is wrong, or {@code null} if nothing is known. */
	static Problem describe(HttpMessageNotReadableException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof RequestSizeLimitFilter.MalformedBodyException) {
				return invalid("The request body is not well-formed UTF-8.", null, null);
			}
			if (cause instanceof JacksonException json) {
				return describe(json);
			}
		}
		if (Objects.toString(ex.getMessage(), "").startsWith("Required request body is missing")) {
			return invalid(EMPTY, null, null);
		}
		return null;
	}

	private static Problem describe(JacksonException json) {
		String field = field(json);
		if (json instanceof UnrecognizedPropertyException unknown) {
			String name = plain(unknown.getPropertyName());
			return invalid("Unknown field " + quoted(name) + "; the fields are " + expected(unknown) + ".", name,
					"unknown field");
		}
		if (json instanceof InputCoercionException && field != null) {
			return invalid(quoted(field) + " is out of range" + kind(((InputCoercionException) json).getTargetType(), " for ")
					+ ".", field, "out of range");
		}
		if (json instanceof MismatchedInputException mismatch) {
			if (field != null) {
				String must = "must be " + kind(mismatch.getTargetType(), "");
				return invalid(quoted(field) + " " + must + ".", field, must);
			}
			return invalid(wholeBody(mismatch), null, null);
		}
		if (json instanceof StreamConstraintsException) {
			return invalid("The JSON passes a limit of the service (nesting depth, or the length of a number, "
					+ "string or name).", null, null);
		}
		if (json instanceof StreamReadException read) {
			Matcher duplicate = DUPLICATE.matcher(Objects.toString(read.getOriginalMessage(), ""));
			if (duplicate.find()) {
				String name = plain(duplicate.group(1));
				return invalid("Duplicate field " + quoted(name) + at(read) + ".", name, "duplicate field");
			}
			return invalid("JSON syntax error" + at(read) + ".", null, null);
		}
		return null;
	}

	private static String wholeBody(MismatchedInputException mismatch) {
		String message = Objects.toString(mismatch.getOriginalMessage(), "");
		if (message.startsWith("Trailing token")) {
			return "Unexpected content after the JSON object" + at(mismatch) + ".";
		}
		if (message.startsWith("No content")) {
			return EMPTY;
		}
		return "The request body must be a JSON object" + at(mismatch) + ".";
	}

	private static Problem invalid(String detail, String field, String message) {
		Problem problem = Failure.INVALID_REQUEST.with(detail);
		return (field != null) ? problem.with("errors", List.of(Problems.error(field, message))) : problem;
	}

	/** The innermost named property on the path to the failure, if it is a plain name. */
	private static String field(JacksonException json) {
		List<JacksonException.Reference> path = json.getPath();
		for (int i = path.size() - 1; i >= 0; i--) {
			String name = path.get(i).getPropertyName();
			if (name != null) {
				return plain(name);
			}
		}
		return null;
	}

	private static String expected(UnrecognizedPropertyException unknown) {
		return (unknown.getKnownPropertyIds() == null) ? "(none)"
				: unknown.getKnownPropertyIds()
					.stream()
					.map(String::valueOf)
					.map(UnreadableBodies::quoted)
					.collect(Collectors.joining(", "));
	}

	private static String kind(Class<?> type, String prefix) {
		if (type == null) {
			return "";
		}
		if (type == String.class) {
			return prefix + "a string";
		}
		if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
			return prefix + "an integer";
		}
		if (type == Boolean.class || type == boolean.class) {
			return prefix + "true or false";
		}
		if (type == java.math.BigDecimal.class || type == Double.class || type == double.class) {
			return prefix + "a number";
		}
		return prefix + "a JSON object";
	}

	private static String at(JacksonException json) {
		TokenStreamLocation location = json.getLocation();
		return (location == null || location.getLineNr() < 1) ? ""
				: " at line " + location.getLineNr() + ", column " + location.getColumnNr();
	}

	private static String plain(String name) {
		return (name != null && PLAIN_NAME.matcher(name).matches()) ? name : "(unnamed)";
	}

	private static String quoted(String name) {
		return "`" + name + "`";
	}

}
