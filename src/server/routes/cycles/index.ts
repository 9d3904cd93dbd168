import type { FastifyInstance } from 'fastify';

/** Placeholder plugin so routes/index.ts can register it; handlers arrive once app.ts lands. */
export default async function (app: FastifyInstance): Promise<void> {
  void app;
}
