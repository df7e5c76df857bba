package io.autorenew.spend;

import java.util.List;

/** Where the ledger's entries are kept, with each user's daily totals beside them. */
interface SpendLedger {

	/** Stores the entries and adds them to their users' daily totals; throws when the store fails. */
	void record(List<SpendEntry> entries);

}
