/**
 * Typed job definitions (CONVENTIONS 8): a name, the TypeBox schema of its payload
 * and default retry behaviour. Producers and handlers import the same definition.
 */
import type { Static, TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { UnrecoverableError } from 'bullmq';

export { UnrecoverableError };

export interface JobDefaults {
  /** Attempts including the first; transient failures retry with exponential backoff. */
  attempts: number;
  /** First retry delay; doubles each attempt. */
  backoffMs: number;
  /** Jobs of this kind running at once per worker process. */
  concurrency: number;
}

export interface JobDefinition<S extends TSchema = TSchema> {
  readonly name: string;
  readonly schema: S;
  readonly defaults: JobDefaults;
  readonly check: TypeCheck<S>;
}

export type JobPayload<D extends JobDefinition> = Static<D['schema']>;

/**
 * @example const suggestTiming = defineJob('suggest-timing', Type.Object({ intersectionId: Type.String() }), { attempts: 3 });
 */
export function defineJob<S extends TSchema>(name: string, schema: S, defaults: Partial<JobDefaults> = {}): JobDefinition<S> {
  if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(`job name ${name} must be kebab-case`);
  return {
    name,
    schema,
    defaults: { attempts: 3, backoffMs: 1000, concurrency: 1, ...defaults },
    check: TypeCompiler.Compile(schema),
  };
}

/**
 * Validates a payload; a bad one is a programming or data error that no retry fixes.
 *
 * @throws {UnrecoverableError} naming the first offending field.
 */
export function assertPayload<S extends TSchema>(definition: JobDefinition<S>, payload: unknown): asserts payload is Static<S> {
  if (definition.check.Check(payload)) return;
  const first = definition.check.Errors(payload).First();
  throw new UnrecoverableError(`bad payload for job ${definition.name}: ${first ? `${first.path || '/'} ${first.message}` : 'invalid'}`);
}

/** Delay before retry `attempt` (1-based count of failures so far). */
export function retryDelayMs(defaults: Pick<JobDefaults, 'backoffMs'>, failures: number): number {
  return defaults.backoffMs * 2 ** Math.max(0, failures - 1);
}
