package io.autorenew.admin;

import java.time.Instant;
import java.util.List;

import io.autorenew.crypto.KeyReencryption;
import io.autorenew.web.Failure;
import io.autorenew.web.ProblemCodes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Operators' view of the encryption keys at rest and of the background re-encryption. */
@RestController
@Tag(name = "admin", description = "Operators' view of users' keys: needs a token with the admin scope")
class AdminEncryptionController {

	private final KeyReencryption reencryption;

	AdminEncryptionController(KeyReencryption reencryption) {
		this.reencryption = reencryption;
	}

	@GetMapping(path = "/admin/encryption", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Encryption keys at rest and the re-encryption's progress",
			description = "Key ids only, never key material. `complete` says every key that a configured key can "
					+ "read is under KEY_ENCRYPTION_KEY: KEY_ENCRYPTION_KEY_PREVIOUS may then be removed.")
	@ProblemCodes({ Failure.FORBIDDEN, Failure.STORE_UNAVAILABLE })
	EncryptionStatus status() {
		KeyReencryption.Progress progress = this.reencryption.progress();
		KeyReencryption.Run run = progress.run();
		return new EncryptionStatus(progress.currentKeyId(), progress.keyIds(), progress.keys(),
				progress.underCurrentKey(), progress.pending(), progress.complete(), new Pass(run.startedAt(),
						run.updatedAt(), run.finishedAt(), run.reencrypted(), run.unreadable()));
	}

	/**
	 * The encryption status.
	 *
	 * @param currentKeyId the id of {@code KEY_ENCRYPTION_KEY}, which encrypts
	 * @param keyIds every configured key's id, the current one first
	 * @param keys stored keys
	 * @param underCurrentKey of them, under the current key
	 * @param pending of them, not (yet) under it
	 * @param complete whether the previous keys may be dropped
	 * @param reencryption the background pass under the current key
	 */
	record EncryptionStatus(String currentKeyId, List<String> keyIds, long keys, long underCurrentKey, long pending,
			boolean complete, Pass reencryption) {
	}

	/**
	 * The background pass.
	 *
	 * @param startedAt when it started
	 * @param updatedAt its last checkpoint
	 * @param finishedAt when it reached the end ({@code null}: still going, or not started)
	 * @param reencrypted keys rewritten so far
	 * @param unreadable keys no configured key decrypts (replaced at their next use)
	 */
	record Pass(Instant startedAt, Instant updatedAt, Instant finishedAt, long reencrypted, long unreadable) {
	}

}
