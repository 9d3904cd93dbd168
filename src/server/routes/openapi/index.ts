import type { App } from '../../app-types';

/** The OpenAPI 3.1 document generated from the route schemas (the same one /api/docs shows). */
export default async function openApiRoutes(app: App): Promise<void> {
  app.get('/openapi.json', { config: { auth: 'public' }, schema: { hide: true } }, async () => app.swagger());
}
