/**
 * Lambda's limit on a synchronous invocation's response (B-7: the 6 MB
 * payload limit applies to the request and the response; M-3, O-7): the
 * JSON of what the function returns may be at most 6,291,556 bytes, the
 * figure Lambda's error names. A larger response is a function error,
 * `Function.ResponseSizeTooLarge`, and nothing the function returned reaches
 * its caller.
 */

/** The largest response Lambda hands back, bytes of its JSON (the figure in Lambda's error message). */
export const MAX_RESPONSE_BYTES = 6_291_556;

/** The function error of a response past the limit, as the other runtime errors are written (`type: message`). */
export const RESPONSE_TOO_LARGE = `Function.ResponseSizeTooLarge: Response payload size exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`;

/** Is a response, serialised to `json`, past the limit? Only a string long enough to be close is measured. */
export function responseTooLarge(json: string): boolean {
  // A UTF-8 encoding takes 1..3 bytes per UTF-16 unit: short strings cannot pass the limit, long ones surely do.
  if (json.length * 3 <= MAX_RESPONSE_BYTES) return false;
  return json.length > MAX_RESPONSE_BYTES || Buffer.byteLength(json, 'utf8') > MAX_RESPONSE_BYTES;
}
