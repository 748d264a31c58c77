/**
 * User management for admins: list, create, change (role, display name, disabled),
 * reset a password. Changes are audited with before/after by the user service.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Auth } from '../../../auth/index.js';
import {
  CreateUserRequestSchema,
  IdParamsSchema,
  ResetPasswordRequestSchema,
  UpdateUserRequestSchema,
  UserListResponseSchema,
  UserRecordSchema,
  type CreateUserRequest,
  type ResetPasswordRequest,
  type UpdateUserRequest,
} from '../../../contracts/auth.js';
import { ADMINS } from '../../../contracts/identity.js';
import { requestAuditor } from '../../plugins/audit.js';

const USERS_BODY_LIMIT = 16 * 1024;
const security = [{ userToken: [] }];

export default async function usersRoutes(app: FastifyInstance, options: { auth: Auth }) {
  const { users } = options.auth;

  app.get(
    '/api/v1/users',
    { config: { access: ADMINS }, schema: { tags: ['users'], summary: 'Every user', security, response: { 200: UserListResponseSchema } } },
    async () => ({ items: await users.list() }),
  );

  app.post<{ Body: CreateUserRequest }>(
    '/api/v1/users',
    {
      bodyLimit: USERS_BODY_LIMIT,
      config: { access: ADMINS },
      schema: { tags: ['users'], summary: 'Create a user', security, body: CreateUserRequestSchema, response: { 201: UserRecordSchema } },
    },
    async (request, reply) => reply.code(201).send(await users.create(request.body, requestAuditor(request))),
  );

  app.patch<{ Params: { id: string }; Body: UpdateUserRequest }>(
    '/api/v1/users/:id',
    {
      bodyLimit: USERS_BODY_LIMIT,
      config: { access: ADMINS },
      schema: {
        tags: ['users'],
        summary: 'Change role, display name or disabled state (role changes and disabling end the user’s sessions)',
        security,
        params: IdParamsSchema,
        body: UpdateUserRequestSchema,
        response: { 200: UserRecordSchema },
      },
    },
    async (request) => users.update(request.params.id, request.body, requestAuditor(request)),
  );

  app.post<{ Params: { id: string }; Body: ResetPasswordRequest }>(
    '/api/v1/users/:id/password',
    {
      bodyLimit: USERS_BODY_LIMIT,
      config: { access: ADMINS },
      schema: {
        tags: ['users'],
        summary: 'Set a new password for a user (their sessions end)',
        security,
        params: IdParamsSchema,
        body: ResetPasswordRequestSchema,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await users.resetPassword(request.params.id, request.body.password, requestAuditor(request));
      return reply.code(204).send();
    },
  );
}
