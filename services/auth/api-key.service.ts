/**
 * Feed API keys: creation (shown once), revocation, listing, and the check of a
 * presented key on ingest requests. Checked keys are cached for `cacheTtlMs` (default
 * 5 s): a revocation ends a key at once in this process and within that time in others.
 * `last_used_at` is written at most once a minute per key, never per request.
 */
import { LRUCache } from 'lru-cache';
import type { ApiKeyRecord, CreateApiKeyRequest, CreatedApiKeyResponse } from '../contracts/auth.js';
import { Errors, problem, type FieldProblem } from '../contracts/errors.js';
import { feedMayWrite, type FeedPrincipal } from '../contracts/identity.js';
import type { SqlPort } from '../store/port.js';
import {
  ApiKeyPrefixTakenError,
  findApiKeyByPrefix,
  insertApiKey,
  listApiKeys,
  revokeApiKey,
  touchApiKey,
  type StoredApiKey,
} from '../store/repositories/api-key.repository.js';
import { apiKeyPrefix, generateApiKey, hashApiKey, sameHash } from './api-key-format.js';
import type { AuthMetrics } from './auth-metrics.js';
import type { Auditor } from './audit.js';
import { apiKeyRecord } from './user-views.js';

const TOUCH_INTERVAL_MS = 60_000;

export interface ApiKeyServiceOptions {
  metrics: AuthMetrics;
  /** Intersection ids of the network, to refuse scopes naming unknown ones. */
  knownIntersections?: ReadonlySet<string>;
  cacheTtlMs?: number;
  /** Reports a failed `last_used_at` write (it never fails the request). */
  onTouchError?: (error: unknown, keyId: string) => void;
}

export class ApiKeyService {
  readonly #store: SqlPort;
  readonly #options: ApiKeyServiceOptions;
  readonly #checked: LRUCache<string, FeedPrincipal>;
  readonly #cacheMs: number;
  readonly #touchedAt = new Map<string, number>();

  constructor(store: SqlPort, options: ApiKeyServiceOptions) {
    this.#store = store;
    this.#options = options;
    // ttl 0 would mean "forever" to lru-cache; here it means "do not cache".
    this.#cacheMs = options.cacheTtlMs ?? 5000;
    this.#checked = new LRUCache<string, FeedPrincipal>({ max: 10_000, ttl: Math.max(1, this.#cacheMs) });
  }

  /**
   * Creates a key; the answer is the only place its secret ever appears.
   *
   * @throws ZHIDU_ERR_VALIDATION when the scope names intersections the network lacks.
   * @example const { key, secret } = await keys.create({ name: 'simulator', intersections: null }, auditor, null);
   */
  async create(input: CreateApiKeyRequest, auditor: Auditor, createdBy: string | null): Promise<CreatedApiKeyResponse> {
    const known = this.#options.knownIntersections;
    if (known && input.intersections) {
      const errors: FieldProblem[] = input.intersections.flatMap((id, i) =>
        known.has(id) ? [] : [{ field: `/body/intersections/${i}`, reason: `unknown intersection ${id}` }],
      );
      if (errors.length > 0) throw problem(Errors.VALIDATION, 'the scope names intersections the network does not have', { errors });
    }
    for (let attempt = 1; ; attempt += 1) {
      const generated = generateApiKey();
      try {
        const stored = await insertApiKey(this.#store, {
          name: input.name,
          prefix: generated.prefix,
          hash: generated.hash,
          intersections: input.intersections,
          createdBy,
        });
        const key = apiKeyRecord(stored);
        await auditor.record({ action: 'api-key.create', target: { kind: 'api-key', id: key.id }, after: key });
        return { key, secret: generated.secret };
      } catch (error) {
        if (!(error instanceof ApiKeyPrefixTakenError) || attempt >= 5) throw error;
      }
    }
  }

  /** @example const keys = await service.list(); */
  async list(): Promise<ApiKeyRecord[]> {
    return (await listApiKeys(this.#store)).map(apiKeyRecord);
  }

  /**
   * Revokes a key (idempotent); it stops working at once in this process.
   *
   * @throws ZHIDU_ERR_NOT_FOUND
   * @example await keys.revoke('7', auditor);
   */
  async revoke(id: string, auditor: Auditor): Promise<ApiKeyRecord> {
    const revoked = await revokeApiKey(this.#store, id);
    if (!revoked) throw problem(Errors.NOT_FOUND, `API key ${id}`);
    for (const [hash, principal] of this.#checked.entries()) if (principal.keyId === id) this.#checked.delete(hash);
    const after = apiKeyRecord(revoked);
    await auditor.record({ action: 'api-key.revoke', target: { kind: 'api-key', id }, before: { ...after, revokedAt: null }, after });
    return after;
  }

  /**
   * The feed a presented key stands for.
   *
   * @throws ZHIDU_ERR_UNAUTHENTICATED for an unknown, malformed or revoked key.
   * @example const feed = await keys.authenticate(request.headers['x-api-key']);
   */
  async authenticate(presented: string): Promise<FeedPrincipal> {
    const hash = hashApiKey(presented);
    let principal = this.#checked.get(hash);
    if (!principal) {
      const prefix = apiKeyPrefix(presented);
      const stored = prefix === undefined ? undefined : await findApiKeyByPrefix(this.#store, prefix);
      if (!stored || !sameHash(hash, stored.hash)) {
        this.#options.metrics.refusedCredentials.inc({ kind: 'feed', reason: 'invalid' });
        throw problem(Errors.UNAUTHENTICATED, 'the API key is not valid');
      }
      if (stored.revokedAt !== null) {
        this.#options.metrics.refusedCredentials.inc({ kind: 'feed', reason: 'revoked' });
        throw problem(Errors.UNAUTHENTICATED, 'the API key has been revoked');
      }
      principal = toPrincipal(stored);
      if (this.#cacheMs > 0) this.#checked.set(hash, principal);
    }
    await this.#touch(principal.keyId);
    return principal;
  }

  async #touch(keyId: string): Promise<void> {
    const now = Date.now();
    if (now - (this.#touchedAt.get(keyId) ?? 0) < TOUCH_INTERVAL_MS) return;
    this.#touchedAt.set(keyId, now);
    try {
      await touchApiKey(this.#store, keyId);
    } catch (error) {
      this.#options.onTouchError?.(error, keyId);
    }
  }
}

function toPrincipal(key: StoredApiKey): FeedPrincipal {
  return { kind: 'feed', keyId: key.id, name: key.name, intersections: key.intersections === null ? null : Object.freeze([...key.intersections]) };
}

/**
 * Refuses a record for an intersection outside the key's scope (for ingest routes).
 *
 * @throws ZHIDU_ERR_FORBIDDEN naming the intersection.
 * @example assertFeedMayWrite(request.principal as FeedPrincipal, record.intersection);
 */
export function assertFeedMayWrite(feed: FeedPrincipal, intersectionId: string): void {
  if (!feedMayWrite(feed, intersectionId)) {
    throw problem(Errors.FORBIDDEN, `API key ${feed.name} may not write intersection ${intersectionId}`, {
      errors: [{ field: 'intersection', reason: `outside the key's scope` }],
    });
  }
}

export { feedMayWrite };
