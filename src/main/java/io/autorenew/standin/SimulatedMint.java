package io.autorenew.standin;

/**
 * A key the stand-in has just minted.
 *
 * @param key the raw key, handed to the caller once and never stored
 * @param state what the stand-in remembers of it
 */
record SimulatedMint(String key, SimulatedKey state) {

	@Override
	public String toString() {
		return "SimulatedMint[key=" + SimulatedKeys.masked(this.key) + ", state=" + this.state + "]";
	}

}
