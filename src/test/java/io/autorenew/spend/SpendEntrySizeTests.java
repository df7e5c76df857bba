package io.autorenew.spend;

import java.math.BigDecimal;
import java.time.Instant;

import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one ledger entry costs in BSON, as the driver sends it, for a realistic call: an
 * issuer's user id, a long model name and a UUID request id. docs/production.md's sizing is
 * this figure; MongoDB's time-series buckets compress it further.
 */
class SpendEntrySizeTests {

	static final int MEASURED_BYTES = 355;

	@Test
	void anEntryIs355Bytes() {
		SpendEntry entry = new SpendEntry(Instant.parse("2026-12-07T10:15:30.123Z"),
				"oidc-1a2b3c4d:7f3e9c1e-58b2-4b7e-9f0a-2d4c6e8a0b1c", "messages", "anthropic/claude-sonnet-4.6", 48_213,
				1_532, 0, 40_960, new BigDecimal("0.0391275"), "b465", "ok", "9b2c6f0e-3d1a-4c5b-8e7f-0a1b2c3d4e5f");
		Document document = MongoSpendLedger.document(entry).append("_id", new ObjectId());

		int bytes = new RawBsonDocument(document, new DocumentCodec()).getByteBuffer().remaining();

		assertThat(bytes).isEqualTo(MEASURED_BYTES);
	}

}
