/**
 * `/myself`, `/serverInfo`, `/field` and `/statuscategory` per deployment mode.
 */
import type { SimUser } from '../model';
import { STATUS_CATEGORIES } from './catalog';
import type { SimInstance } from './context';
import { formatJiraDateTime } from './format';
import { json, type SimResponse } from './responses';
import { ValueRenderer, type ApiVersion } from './render-values';

export function myself(sim: SimInstance, apiVersion: ApiVersion, user: SimUser): SimResponse {
  const v = sim.renderer.valueRenderer(apiVersion);
  const base = v.user(user);
  const body: Record<string, unknown> =
    sim.mode === 'cloud'
      ? { ...base, locale: 'en_US' }
      : { ...base, deleted: false, locale: 'en_UK' };
  body.groups = { size: user.groups.length, items: [] };
  body.applicationRoles = { size: 1, items: [] };
  body.expand = 'groups,applicationRoles';
  return json(200, body);
}

export function serverInfo(sim: SimInstance): SimResponse {
  const now = formatJiraDateTime(sim.now());
  if (sim.mode === 'cloud') {
    return json(200, {
      baseUrl: sim.baseUrl,
      displayUrl: sim.baseUrl,
      version: '1001.0.0-SNAPSHOT',
      versionNumbers: [1001, 0, 0],
      deploymentType: 'Cloud',
      buildNumber: 100295,
      buildDate: '2025-12-01T00:00:00.000+0000',
      serverTime: now,
      scmInfo: '57a0ca5b4a0bb0ac5f3fee4764acb1c14e4d7e71',
      serverTitle: sim.store.dataset.serverTitle,
    });
  }
  const versionNumbers = sim.settings.dataCenterVersion.split('.').map((part) => Number.parseInt(part, 10) || 0);
  return json(200, {
    baseUrl: sim.baseUrl,
    version: sim.settings.dataCenterVersion,
    versionNumbers,
    deploymentType: 'Server',
    buildNumber: 9120015,
    buildDate: '2024-10-01T00:00:00.000+0000',
    databaseBuildNumber: 9120015,
    serverTime: now,
    scmInfo: 'a4bd2b52e8ec3ba0dc8cd9db5a5e2d1c27c58f3e',
    serverTitle: sim.store.dataset.serverTitle,
  });
}

export function fieldList(sim: SimInstance): SimResponse {
  const fields = sim.store.fields.definitions.map((d) => ({
    id: d.id,
    ...(sim.mode === 'cloud' ? { key: d.id } : {}),
    name: d.name,
    custom: d.custom,
    orderable: d.orderable,
    navigable: d.navigable,
    searchable: d.searchable,
    clauseNames: d.clauseNames,
    ...(d.schema ? { schema: d.schema } : {}),
  }));
  return json(200, fields);
}

export function statusCategories(sim: SimInstance, apiVersion: ApiVersion): SimResponse {
  const v = new ValueRenderer(sim.store.catalog, sim.baseUrl, apiVersion);
  return json(200, STATUS_CATEGORIES.map((c) => v.statusCategory(c.key)));
}
