package io.autorenew.analysis;

/**
 * One hostile request and the problem it must get.
 *
 * @param name how the entry reads in the test report
 * @param method the request method, sent as is
 * @param target the request target, sent as is (already percent-encoded where needed)
 * @param token a bearer token, or {@code null} for none
 * @param contentType the {@code Content-Type} header, or {@code null} for none
 * @param body the body bytes, or {@code null} for no body
 * @param chunked send the body chunked, without {@code Content-Length}
 * @param status the expected status
 * @param code the expected problem {@code code}
 * @param echo text of the input the problem's detail must not repeat
 */
record HostileRequestCorpusEntry(String name, String method, String target, String token, String contentType,
		byte[] body, boolean chunked, int status, String code, String echo) {

	@Override
	public String toString() {
		return this.name;
	}

}
