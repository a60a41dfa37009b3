/**
 * What an UpdateEventSourceMapping changed, as AWS's parameter names and
 * values: the `changes` of a `config` trace event.
 */
import type { EsmConfig } from './EsmConfig.ts';

/** The parameters whose values differ, with their new values. */
export function configChanges(before: EsmConfig, after: EsmConfig): Partial<EsmConfig> {
  const changes: Record<string, unknown> = {};
  for (const key of Object.keys(after) as Array<keyof EsmConfig>) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changes[key] = after[key];
  }
  return changes as Partial<EsmConfig>;
}

/** A configuration with changes applied. */
export function withChanges(config: EsmConfig, changes: Partial<EsmConfig>): EsmConfig {
  return { ...config, ...changes };
}
