/**
 * Every /api/v1 route plugin, registered under the prefix by app.ts. A route is signed-in only
 * unless it declares `config: { auth: 'public' }`, and admin-only with `config: { auth: 'admin' }`.
 */
import type { App } from '../app-types';
import adminRoutes from './admin/index';
import authRoutes from './auth/index';
import cycleRoutes from './cycles/index';
import exportRoutes from './exports/index';
import healthRoutes from './health/index';
import importRoutes from './imports/index';
import integrationLinkRoutes from './integration-links/index';
import integrationRoutes from './integrations/index';
import keyResultRoutes from './key-results/index';
import meRoutes from './me/index';
import objectiveRoutes from './objectives/index';
import openApiRoutes from './openapi/index';
import settingsRoutes from './settings/index';
import setupRoutes from './setup/index';
import teamRoutes from './teams/index';
import tokenRoutes from './tokens/index';
import userRoutes from './users/index';
import webhookRoutes from './webhooks/index';

export async function registerApiRoutes(app: App): Promise<void> {
  await app.register(healthRoutes);
  await app.register(openApiRoutes);
  await app.register(setupRoutes);
  await app.register(authRoutes);
  await app.register(meRoutes);
  await app.register(tokenRoutes);
  await app.register(userRoutes);
  await app.register(settingsRoutes);
  await app.register(cycleRoutes);
  await app.register(teamRoutes);
  await app.register(objectiveRoutes);
  await app.register(keyResultRoutes);
  await app.register(integrationRoutes);
  await app.register(integrationLinkRoutes);
  await app.register(adminRoutes);
  await app.register(webhookRoutes);
  await app.register(importRoutes);
  await app.register(exportRoutes);
}
