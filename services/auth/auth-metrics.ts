/**
 * Prometheus counters of identity events (`/metrics`): sign-ins by outcome, throttling
 * by scope, refused credentials by reason. One set per registry.
 */
import { Counter, type Registry } from 'prom-client';

export interface AuthMetrics {
  logins: Counter<'outcome'>;
  throttled: Counter<'scope'>;
  refusedCredentials: Counter<'kind' | 'reason'>;
  refreshes: Counter<'outcome'>;
}

/** @example const metrics = authMetrics(registry); metrics.logins.inc({ outcome: 'success' }); */
export function authMetrics(registry: Registry): AuthMetrics {
  return {
    logins: new Counter({
      name: 'zhidu_auth_logins_total',
      help: 'Sign-in attempts by outcome: success, wrong-credentials, throttled, disabled',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    throttled: new Counter({
      name: 'zhidu_auth_login_throttled_total',
      help: 'Sign-in attempts refused by backoff or lockout, by scope (account, address)',
      labelNames: ['scope'] as const,
      registers: [registry],
    }),
    refusedCredentials: new Counter({
      name: 'zhidu_auth_credentials_refused_total',
      help: 'Presented credentials refused, by kind (user, feed) and reason (expired, invalid, revoked, wrong-kind)',
      labelNames: ['kind', 'reason'] as const,
      registers: [registry],
    }),
    refreshes: new Counter({
      name: 'zhidu_auth_refreshes_total',
      help: 'Session refreshes by outcome: rotated, grace, refused, reuse',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
  };
}
