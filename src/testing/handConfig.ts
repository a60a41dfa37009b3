/**
 * Test support: the configuration a hand-written trace is judged under.
 * (src/testing/ holds what tests share; nothing in the model imports it.)
 */
import { validateEsmConfig, type EsmConfig, type EsmRequest } from '../esm/EsmConfig.ts';

/** A mapping of `streamArn` at TRIM_HORIZON with `patch`, validated as AWS validates it; a request the test got wrong throws. */
export function handConfig(streamArn: string, patch: EsmRequest = {}): EsmConfig {
  const validated = validateEsmConfig({ EventSourceArn: streamArn, StartingPosition: 'TRIM_HORIZON', ...patch }, 1e13);
  if (!validated.ok) throw new Error(validated.error.message);
  return validated.value;
}
