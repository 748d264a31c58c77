/**
 * Sessions over HTTP: `POST /api/v1/auth/login`, `/refresh`, `/logout`,
 * `GET /api/v1/auth/me`, `POST /api/v1/auth/password`.
 *
 * Why a bearer access token plus a refresh cookie: the access token (15 min) travels in
 * the `Authorization` header and the socket.io handshake, so no request is authorised by
 * a cookie alone and cross-site request forgery has nothing to ride on; the refresh token
 * lives in an HttpOnly, SameSite=Strict cookie scoped to `/api/v1/auth`, so script
 * injection cannot read it and a wall screen renews silently for a whole shift.
 */
import cookie from '@fastify/cookie';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Auth } from '../../../auth/index.js';
import type { IssuedSession } from '../../../auth/session.service.js';
import {
  ChangePasswordRequestSchema,
  LoginRequestSchema,
  MeResponseSchema,
  REFRESH_COOKIE,
  REFRESH_COOKIE_PATH,
  SessionResponseSchema,
  type ChangePasswordRequest,
  type LoginRequest,
  type SessionResponse,
} from '../../../contracts/auth.js';
import { Errors, problem } from '../../../contracts/errors.js';
import { ANY_USER, type UserPrincipal } from '../../../contracts/identity.js';
import { findUserById } from '../../../store/repositories/user.repository.js';
import type { SqlPort } from '../../../store/port.js';
import { requestAuditor } from '../../plugins/audit.js';
import { userSummary } from '../../../auth/user-views.js';

/** Sign-in bodies are tiny; anything bigger is refused before parsing. */
const AUTH_BODY_LIMIT = 16 * 1024;

function clientOf(request: FastifyRequest) {
  const agent = request.headers['user-agent'];
  return { ip: request.ip, userAgent: typeof agent === 'string' ? agent : null };
}

function sendSession(request: FastifyRequest, reply: FastifyReply, issued: IssuedSession): SessionResponse {
  if (issued.refreshToken !== undefined) {
    reply.setCookie(REFRESH_COOKIE, issued.refreshToken, {
      httpOnly: true,
      sameSite: 'strict',
      path: REFRESH_COOKIE_PATH,
      // Browsers keep Secure cookies only over HTTPS (and http://localhost); set it whenever we are on HTTPS.
      secure: request.protocol === 'https',
      expires: issued.sessionExpiresAt,
    });
  }
  reply.header('cache-control', 'no-store');
  return { accessToken: issued.accessToken, expiresAt: new Date(issued.accessExpiresAt).toISOString(), user: issued.user };
}

export default async function authRoutes(app: FastifyInstance, options: { auth: Auth; store: SqlPort }) {
  const { auth, store } = options;
  await app.register(cookie);

  app.post<{ Body: LoginRequest }>(
    '/api/v1/auth/login',
    {
      bodyLimit: AUTH_BODY_LIMIT,
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Sign in: an access token in the body, the refresh session as an HttpOnly cookie',
        body: LoginRequestSchema,
        response: { 200: SessionResponseSchema },
      },
    },
    async (request, reply) => sendSession(request, reply, await auth.signIn.login(request.body, clientOf(request), requestAuditor(request))),
  );

  app.post(
    '/api/v1/auth/refresh',
    {
      bodyLimit: AUTH_BODY_LIMIT,
      config: { access: 'public', audit: false },
      schema: {
        tags: ['auth'],
        summary: 'A new access token for the refresh cookie (which rotates)',
        response: { 200: SessionResponseSchema },
      },
    },
    async (request, reply) => {
      const presented = request.cookies[REFRESH_COOKIE];
      if (!presented) throw problem(Errors.UNAUTHENTICATED, 'no refresh session; sign in');
      try {
        return sendSession(request, reply, await auth.sessions.refresh(presented, requestAuditor(request)));
      } catch (error) {
        reply.clearCookie(REFRESH_COOKIE, { path: REFRESH_COOKIE_PATH });
        throw error;
      }
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
      bodyLimit: AUTH_BODY_LIMIT,
      config: { access: ANY_USER },
      schema: { tags: ['auth'], summary: 'End this session: its access and refresh tokens stop working', security: [{ userToken: [] }], response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      await auth.sessions.logout(request.principal as UserPrincipal, requestAuditor(request));
      reply.clearCookie(REFRESH_COOKIE, { path: REFRESH_COOKIE_PATH });
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/v1/auth/me',
    {
      config: { access: ANY_USER },
      schema: { tags: ['auth'], summary: 'Who is signed in', security: [{ userToken: [] }], response: { 200: MeResponseSchema } },
    },
    async (request) => {
      const principal = request.principal as UserPrincipal;
      const user = await findUserById(store, principal.userId);
      if (!user) throw problem(Errors.UNAUTHENTICATED, 'the account no longer exists');
      const sessionExpiresAt = await auth.sessions.expiresAt(principal.sessionId);
      if (!sessionExpiresAt) throw problem(Errors.UNAUTHENTICATED, 'the session has ended');
      return { user: userSummary(user), sessionExpiresAt: sessionExpiresAt.toISOString() };
    },
  );

  app.post<{ Body: ChangePasswordRequest }>(
    '/api/v1/auth/password',
    {
      bodyLimit: AUTH_BODY_LIMIT,
      config: { access: ANY_USER },
      schema: {
        tags: ['auth'],
        summary: 'Change your own password (your other sessions end)',
        security: [{ userToken: [] }],
        body: ChangePasswordRequestSchema,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await auth.signIn.changeOwnPassword(request.principal as UserPrincipal, request.body, requestAuditor(request));
      return reply.code(204).send();
    },
  );
}
