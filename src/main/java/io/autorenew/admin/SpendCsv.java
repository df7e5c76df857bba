package io.autorenew.admin;

import java.util.List;

import io.autorenew.spend.SpendGroup;
import io.autorenew.spend.SpendRow;

/**
 * A spend report as CSV (RFC 4180): a header, then one line per row. A cell a spreadsheet would
 * read as a formula (starting with {@code =}, {@code +}, {@code -} or {@code @}) is written with a
 * leading {@code '}, and a cell holding a comma, quote or line break is quoted.
 */
final class SpendCsv {

	private SpendCsv() {
	}

	static String of(SpendGroup group, List<SpendRow> rows) {
		StringBuilder csv = new StringBuilder(group.name())
			.append(",calls,input_tokens,output_tokens,reasoning_tokens,cached_tokens,cost_usd\r\n");
		for (SpendRow row : rows) {
			csv.append(cell(row.key()))
				.append(',')
				.append(row.calls())
				.append(',')
				.append(row.inputTokens())
				.append(',')
				.append(row.outputTokens())
				.append(',')
				.append(row.reasoningTokens())
				.append(',')
				.append(row.cachedTokens())
				.append(',')
				.append(row.costUsd().toPlainString())
				.append("\r\n");
		}
		return csv.toString();
	}

	static String cell(String value) {
		String safe = (!value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0) ? "'" + value : value;
		if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
			return "\"" + safe.replace("\"", "\"\"") + "\"";
		}
		return safe;
	}

}
