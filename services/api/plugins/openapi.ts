/**
 * OpenAPI 3 document generated from the route schemas, browsable at `/docs`
 * (assets served locally: no internet needed).
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

export default fp(
  async function openapi(app: FastifyInstance, options: { version: string }) {
    await app.register(swagger, {
      openapi: {
        openapi: '3.0.3',
        info: {
          title: 'Zhidu (知堵) API',
          description: 'Real-time traffic management and smart-intersection backend. Errors are application/problem+json (RFC 9457) with stable codes.',
          version: options.version,
        },
        components: {
          securitySchemes: {
            userToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
            feedKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
          },
        },
      },
    });
    await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
  },
  { name: 'zhidu-openapi' },
);
