/**
 * Public views of stored identities: what responses and the audit log may show.
 * A `StoredUser` carries its password hash; these views never do.
 */
import type { ApiKeyRecord, UserRecord, UserSummary } from '../contracts/auth.js';
import type { StoredApiKey } from '../store/repositories/api-key.repository.js';
import type { StoredUser } from '../store/repositories/user.repository.js';

/** @example userSummary(stored) // { id: '3', name: 'li.wei', displayName: '李伟', role: 'officer' } */
export function userSummary(user: StoredUser): UserSummary {
  return { id: user.id, name: user.name, displayName: user.displayName, role: user.role };
}

/** @example userRecord(stored).disabled // false */
export function userRecord(user: StoredUser): UserRecord {
  return {
    ...userSummary(user),
    disabled: user.disabledAt !== null,
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
    passwordChangedAt: user.passwordChangedAt.toISOString(),
  };
}

/** @example apiKeyRecord(stored).prefix // '3f9a0c1e' */
export function apiKeyRecord(key: StoredApiKey): ApiKeyRecord {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    intersections: key.intersections,
    createdAt: key.createdAt.toISOString(),
    createdBy: key.createdBy,
    revokedAt: key.revokedAt?.toISOString() ?? null,
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
  };
}
