/**
 * Request bodies are strict: a field the route does not take is a 400 naming it, never silently
 * dropped. Dropping it let `PATCH /users/:id {"disabled": true}` answer 200 while changing nothing,
 * so a caller believed a user was cut off. Applied once here to every route's top-level body
 * object; query strings stay lenient (cache-busting parameters are harmless there).
 */
import { validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';

export const strictBodyValidatorCompiler: typeof validatorCompiler = (route) =>
  validatorCompiler(route.httpPart === 'body' && route.schema instanceof z.ZodObject ? { ...route, schema: route.schema.strict() } : route);
