/**
 * Small helpers for the OKR route tests: dates relative to today (so expected progress is
 * predictable whatever day the suite runs) and creators that fail loudly with the response body.
 */
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { Actor, AppTestContext } from './app-harness';
import type { Cycle as CycleDto } from '../../src/contract/cycles';
import type { KeyResult as KeyResultDto } from '../../src/contract/key-results';
import type { Objective as ObjectiveDto } from '../../src/contract/objectives';

const MS_PER_DAY = 86_400_000;

/** 'YYYY-MM-DD' of today (UTC) shifted by whole days. */
export function dayFromToday(offsetDays: number): string {
  return new Date(Date.now() + offsetDays * MS_PER_DAY).toISOString().slice(0, 10);
}

export function expectStatus(response: LightMyRequestResponse, status: number): void {
  if (response.statusCode !== status) {
    throw new Error(`expected HTTP ${status}, got ${response.statusCode}: ${response.body}`);
  }
}

/** The response is a validation error that names this field. */
export function expectFieldError(response: LightMyRequestResponse, field: string): void {
  expectStatus(response, 400);
  const body = response.json<{ error: { code: string; message: string; fields?: Array<{ field: string; message: string }> } }>();
  expect(body.error.code).toBe('validation_failed');
  expect(body.error.fields?.map((f) => f.field)).toContain(field);
  expect(body.error.message).toContain(field);
}

// The API's own shapes (src/contract), so a test cannot read a field the server does not send.
export type { Cycle as CycleDto } from '../../src/contract/cycles';
export type { CheckIn as CheckInDto } from '../../src/contract/fields';
export type { KeyResult as KeyResultDto } from '../../src/contract/key-results';
export type { Objective as ObjectiveDto } from '../../src/contract/objectives';

/** A cycle centred on today: 100 days, today is day 50, so expected progress is 0.50..0.51. */
export async function createCycleAroundToday(ctx: AppTestContext, admin: Actor, name = 'Current cycle'): Promise<CycleDto> {
  return createCycle(ctx, admin, { name, startDate: dayFromToday(-50), endDate: dayFromToday(49) });
}

export async function createCycle(
  ctx: AppTestContext,
  admin: Actor,
  body: { name: string; startDate: string; endDate: string },
): Promise<CycleDto> {
  const response = await ctx.request('POST', '/api/v1/cycles', { as: admin, body });
  expectStatus(response, 201);
  return response.json<CycleDto>();
}

export async function createObjective(
  ctx: AppTestContext,
  actor: Actor,
  body: Record<string, unknown> & { cycleId: string },
): Promise<ObjectiveDto> {
  const response = await ctx.request('POST', '/api/v1/objectives', { as: actor, body: { title: 'An objective', ...body } });
  expectStatus(response, 201);
  return response.json<ObjectiveDto>();
}

export async function createKeyResult(
  ctx: AppTestContext,
  actor: Actor,
  objectiveId: string,
  body: Record<string, unknown>,
): Promise<KeyResultDto> {
  const response = await ctx.request('POST', `/api/v1/objectives/${objectiveId}/key-results`, {
    as: actor,
    body: { title: 'A key result', startValue: 0, targetValue: 10, ...body },
  });
  expectStatus(response, 201);
  return response.json<KeyResultDto>();
}

export async function getObjective(ctx: AppTestContext, actor: Actor, id: string): Promise<ObjectiveDto> {
  const response = await ctx.request('GET', `/api/v1/objectives/${id}`, { as: actor });
  expectStatus(response, 200);
  return response.json<ObjectiveDto>();
}
