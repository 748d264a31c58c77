/**
 * `/healthz`: the process is alive. `/readyz`: every dependency answers (the
 * database always; Redis and others when configured), with each check's result.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

export type ReadinessCheck = () => Promise<void>;

const CHECK_TIMEOUT_MS = 2000;

async function runCheck(check: ReadinessCheck): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return 'ok';
  } catch (error) {
    return (error as Error).message || 'failed';
  } finally {
    clearTimeout(timer);
  }
}

export default fp(
  async function health(app: FastifyInstance, options: { checks: Readonly<Record<string, ReadinessCheck>> }) {
    app.get(
      '/healthz',
      {
        config: { access: 'public' },
        schema: { tags: ['health'], summary: 'Liveness', response: { 200: Type.Object({ status: Type.Literal('ok') }) } },
      },
      async () => ({ status: 'ok' as const }),
    );
    app.get(
      '/readyz',
      {
        config: { access: 'public' },
        schema: {
          tags: ['health'],
          summary: 'Readiness: every dependency answers',
          response: {
            200: Type.Object({ status: Type.Literal('ready'), checks: Type.Record(Type.String(), Type.String()) }),
            503: Type.Object({ status: Type.Literal('not-ready'), checks: Type.Record(Type.String(), Type.String()) }),
          },
        },
      },
      async (_request, reply) => {
        const names = Object.keys(options.checks);
        const results = await Promise.all(names.map((name) => runCheck(options.checks[name] as ReadinessCheck)));
        const checks = Object.fromEntries(names.map((name, i) => [name, results[i] as string]));
        const ready = results.every((r) => r === 'ok');
        if (!ready) return reply.code(503).send({ status: 'not-ready' as const, checks });
        return { status: 'ready' as const, checks };
      },
    );
  },
  { name: 'zhidu-health' },
);
