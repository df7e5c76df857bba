package io.autorenew.demo;

/**
 * A key the simulator has just minted.
 *
 * @param key the raw key, handed to the caller once and never stored
 * @param state what the simulator remembers of it
 */
record SimulatedMint(String key, SimulatedKey state) {

	@Override
	public String toString() {
		return "SimulatedMint[key=" + SimulatedKeys.masked(this.key) + ", state=" + this.state + "]";
	}

}
