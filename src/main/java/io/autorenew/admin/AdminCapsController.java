package io.autorenew.admin;

import java.util.List;

import io.autorenew.money.CapStatus;
import io.autorenew.money.MintCaps;
import io.autorenew.web.Failure;
import io.autorenew.web.ProblemCodes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The deployment-wide caps on minting, as they stand (admin scope only). */
@RestController
@Tag(name = "admin", description = "Operators' view of users' keys: needs a token with the admin scope")
class AdminCapsController {

	private final MintCaps caps;

	AdminCapsController(MintCaps caps) {
		this.caps = caps;
	}

	@GetMapping(path = "/admin/caps", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "What each cap allows and has used",
			description = "`mints` (per minute), `new_users` (per hour) and `total_limit` (USD of all live keys' limits): "
					+ "whether it is set, what it allows and what is taken of it now. Reading takes nothing.")
	@ProblemCodes({ Failure.FORBIDDEN, Failure.STORE_UNAVAILABLE })
	CapsBody caps() {
		return new CapsBody(this.caps.status());
	}

	/** @param caps each cap, in the order of their settings */
	record CapsBody(List<CapStatus> caps) {
	}

}
