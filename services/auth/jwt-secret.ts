/**
 * The HMAC secret of access tokens: `ZHIDU_JWT_SECRET` when set, otherwise one generated
 * at the first start and kept in the `settings` table, so every API process of a server
 * deployment signs and verifies with the same secret and tokens survive restarts.
 */
import { randomBytes } from 'node:crypto';
import type { Config } from '../config/index.js';
import type { SqlExecutor } from '../store/port.js';
import { settingOrInit } from '../store/repositories/setting.repository.js';

/** Settings key of the generated secret (never expose `settings` wholesale). */
export const JWT_SECRET_SETTING = 'auth.jwt-secret';

/**
 * @example const secret = await resolveJwtSecret(store, config);
 */
export async function resolveJwtSecret(sql: SqlExecutor, config: Pick<Config, 'auth'>): Promise<string> {
  if (config.auth.jwtSecret) return config.auth.jwtSecret;
  // 48 random bytes = 384 bits, more than HS256's 256-bit block needs.
  return settingOrInit(sql, JWT_SECRET_SETTING, () => randomBytes(48).toString('base64url'));
}
