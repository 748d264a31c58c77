/**
 * HTTP contracts of identity (DESIGN §12): sign-in and sessions, users, feed API
 * keys and the audit log. TypeBox schemas (validated by the routes, published in
 * OpenAPI) and the TypeScript types the dashboard imports.
 *
 * Sessions: `POST /api/v1/auth/login` answers a short-lived access token (a JWT sent as
 * `Authorization: Bearer <token>` and in the socket.io handshake) and sets the refresh
 * session as an HttpOnly, SameSite=Strict cookie scoped to `/api/v1/auth`, which
 * `POST /api/v1/auth/refresh` rotates and `POST /api/v1/auth/logout` revokes.
 */
import { Type, type Static } from '@sinclair/typebox';
import { USER_ROLES } from './identity.js';

/** Name of the refresh-session cookie (HttpOnly; scripts never see it). */
export const REFRESH_COOKIE = 'zhidu_refresh';
/** Path the refresh cookie is scoped to: only the auth routes receive it. */
export const REFRESH_COOKIE_PATH = '/api/v1/auth';

/** Login names: letters (any script), digits and `. _ - @`, 2–64 characters (e.g. a badge number 津A12345). */
export const USER_NAME_PATTERN = '^[\\p{L}\\p{N}._@-]{2,64}$';
/** Password length bounds in characters (code points); the upper bound keeps hashing cheap to refuse. */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

const Id = Type.String({ pattern: '^[0-9]{1,18}$', description: 'Numeric id as a string' });
const IsoTime = Type.String({ format: 'date-time', description: 'ISO-8601 time with offset' });

export const UserRoleSchema = Type.Union(
  USER_ROLES.map((role) => Type.Literal(role)),
  { description: 'viewer: command-centre screens (read) · officer: field · engineer: timing plans · admin: users, keys, configuration, audit' },
);
export const UserNameSchema = Type.String({ pattern: USER_NAME_PATTERN, minLength: 2, maxLength: 64, description: 'Login name' });
/** A password as sent; the policy (length, not the user name) is checked by the service with field-level reasons. */
export const PasswordSchema = Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH });
export const DisplayNameSchema = Type.String({ minLength: 1, maxLength: 100, description: 'Name shown on screens, any text' });

/** Who a session belongs to, as screens show it. */
export const UserSummarySchema = Type.Object({
  id: Id,
  name: Type.String(),
  displayName: Type.Union([Type.String(), Type.Null()]),
  role: UserRoleSchema,
});
export type UserSummary = Static<typeof UserSummarySchema>;

// ---- sessions -------------------------------------------------------------

export const LoginRequestSchema = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 64 }), password: PasswordSchema },
  { additionalProperties: false },
);
export type LoginRequest = Static<typeof LoginRequestSchema>;

/** Answer of login and refresh: a new access token and whom it is for. */
export const SessionResponseSchema = Type.Object({
  accessToken: Type.String({ description: 'JWT (HS256); send as Authorization: Bearer <token> and as socket.io auth.token' }),
  expiresAt: Type.String({ format: 'date-time', description: 'When the access token expires; refresh about a minute before' }),
  user: UserSummarySchema,
});
export type SessionResponse = Static<typeof SessionResponseSchema>;
/** `POST /api/v1/auth/login` answers a session. */
export type LoginResponse = SessionResponse;
/** `POST /api/v1/auth/refresh` (no body; the refresh cookie) answers a session. */
export type RefreshResponse = SessionResponse;

/** `GET /api/v1/auth/me`. */
export const MeResponseSchema = Type.Object({
  user: UserSummarySchema,
  /** When the refresh session ends and the user must sign in again. */
  sessionExpiresAt: IsoTime,
});
export type MeResponse = Static<typeof MeResponseSchema>;

/** `POST /api/v1/auth/password`: a signed-in user changes their own password. */
export const ChangePasswordRequestSchema = Type.Object(
  { currentPassword: PasswordSchema, newPassword: PasswordSchema },
  { additionalProperties: false },
);
export type ChangePasswordRequest = Static<typeof ChangePasswordRequestSchema>;

// ---- users (admins) -------------------------------------------------------

export const UserRecordSchema = Type.Object({
  id: Id,
  name: Type.String(),
  displayName: Type.Union([Type.String(), Type.Null()]),
  role: UserRoleSchema,
  disabled: Type.Boolean(),
  createdAt: IsoTime,
  updatedAt: IsoTime,
  passwordChangedAt: IsoTime,
});
export type UserRecord = Static<typeof UserRecordSchema>;

export const UserListResponseSchema = Type.Object({ items: Type.Array(UserRecordSchema) });
export type UserListResponse = Static<typeof UserListResponseSchema>;

/** `POST /api/v1/users`. */
export const CreateUserRequestSchema = Type.Object(
  {
    name: UserNameSchema,
    displayName: Type.Optional(DisplayNameSchema),
    role: UserRoleSchema,
    password: PasswordSchema,
  },
  { additionalProperties: false },
);
export type CreateUserRequest = Static<typeof CreateUserRequestSchema>;

/** `PATCH /api/v1/users/:id`: any subset. A role change or disabling ends the user's sessions. */
export const UpdateUserRequestSchema = Type.Object(
  {
    displayName: Type.Optional(Type.Union([DisplayNameSchema, Type.Null()])),
    role: Type.Optional(UserRoleSchema),
    disabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateUserRequest = Static<typeof UpdateUserRequestSchema>;

/** `POST /api/v1/users/:id/password`: an admin sets a new password; the user's sessions end. */
export const ResetPasswordRequestSchema = Type.Object({ password: PasswordSchema }, { additionalProperties: false });
export type ResetPasswordRequest = Static<typeof ResetPasswordRequestSchema>;

export const IdParamsSchema = Type.Object({ id: Id });

// ---- feed API keys (admins) -----------------------------------------------

export const ApiKeyRecordSchema = Type.Object({
  id: Id,
  name: Type.String(),
  /** The public part of the key (`zk_<prefix>_…`), to recognise it in logs. */
  prefix: Type.String(),
  /** Intersections the key may write; `null` = all. */
  intersections: Type.Union([Type.Array(Type.String()), Type.Null()]),
  createdAt: IsoTime,
  createdBy: Type.Union([Type.String(), Type.Null()]),
  revokedAt: Type.Union([IsoTime, Type.Null()]),
  /** Updated at most once a minute per key. */
  lastUsedAt: Type.Union([IsoTime, Type.Null()]),
});
export type ApiKeyRecord = Static<typeof ApiKeyRecordSchema>;

export const ApiKeyListResponseSchema = Type.Object({ items: Type.Array(ApiKeyRecordSchema) });
export type ApiKeyListResponse = Static<typeof ApiKeyListResponseSchema>;

/** `POST /api/v1/api-keys`. */
export const CreateApiKeyRequestSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100, description: 'What feeds with it (e.g. "Hisense controllers, Heping district")' }),
    intersections: Type.Union(
      [Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 10000, uniqueItems: true }), Type.Null()],
      { description: 'Intersection ids of the network; null = all' },
    ),
  },
  { additionalProperties: false },
);
export type CreateApiKeyRequest = Static<typeof CreateApiKeyRequestSchema>;

/** The key itself appears in this answer only; the server keeps a hash. */
export const CreatedApiKeyResponseSchema = Type.Object({
  key: ApiKeyRecordSchema,
  secret: Type.String({ description: 'zk_<prefix>_<secret>: send as X-Api-Key or Authorization: Bearer. Shown once.' }),
});
export type CreatedApiKeyResponse = Static<typeof CreatedApiKeyResponseSchema>;

// ---- audit (admins) -------------------------------------------------------

export const AUDIT_ACTOR_KINDS = ['user', 'api_key', 'system'] as const;
export type AuditActorKind = (typeof AUDIT_ACTOR_KINDS)[number];

export const AuditEntrySchema = Type.Object({
  id: Id,
  ts: IsoTime,
  actor: Type.Object({
    kind: Type.Union(AUDIT_ACTOR_KINDS.map((k) => Type.Literal(k))),
    id: Type.Union([Type.String(), Type.Null()]),
    name: Type.Union([Type.String(), Type.Null()]),
  }),
  /** Stable verb, e.g. `user.create`, `api-key.revoke`, `auth.login`, or `<METHOD> <route>`. */
  action: Type.String(),
  target: Type.Union([Type.Object({ kind: Type.String(), id: Type.Union([Type.String(), Type.Null()]) }), Type.Null()]),
  /** State before and after the change, secrets removed. */
  before: Type.Unknown(),
  after: Type.Unknown(),
  /** HTTP status of the request; null for changes made outside HTTP (CLI, jobs). */
  status: Type.Union([Type.Integer(), Type.Null()]),
  requestId: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
});
export type AuditEntry = Static<typeof AuditEntrySchema>;

/** `GET /api/v1/audit` filters; every one optional. Newest first; `cursor` pages backwards. */
export const AuditQuerySchema = Type.Object(
  {
    actor: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Actor name or id' })),
    actorKind: Type.Optional(Type.Union(AUDIT_ACTOR_KINDS.map((k) => Type.Literal(k)))),
    action: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Exact action, or a prefix ending in "." (e.g. "user.")' })),
    targetKind: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
    targetId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    from: Type.Optional(Type.String({ format: 'date-time', description: 'Inclusive' })),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'Exclusive' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
    cursor: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$', description: 'nextCursor of the previous page' })),
  },
  { additionalProperties: false },
);
export type AuditQuery = Static<typeof AuditQuerySchema>;

export const AuditPageSchema = Type.Object({
  items: Type.Array(AuditEntrySchema),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type AuditPage = Static<typeof AuditPageSchema>;
