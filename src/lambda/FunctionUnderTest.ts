/**
 * The function a mapping invokes: a scripted behaviour, or a real async
 * handler receiving the exact AWS event on the run's virtual clock.
 */
import type { Context, KinesisStreamEvent } from 'aws-lambda';
import type { Behaviour } from './Behaviour.ts';

/** A real handler, as users write them for Lambda. */
export type StreamHandler = (event: KinesisStreamEvent, context: Context) => unknown;

/** The function under test and its configuration. */
export type FunctionSpec =
  | { readonly kind: 'script'; readonly behaviour: Behaviour; readonly timeoutSeconds?: number }
  | { readonly kind: 'handler'; readonly handler: StreamHandler; readonly timeoutSeconds?: number };

/** Lambda's default function timeout, seconds. */
export const DEFAULT_TIMEOUT_SECONDS = 3;

/** Function timeout in ms (1..900 s). */
export function timeoutMs(spec: FunctionSpec): number {
  return (spec.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
}
