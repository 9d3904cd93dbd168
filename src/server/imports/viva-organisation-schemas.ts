/**
 * zod schemas of the records in a Viva Goals organisation export, over keys normalised by
 * untrusted-json.ts ("Time Period Name" → `timeperiodname`). They are deliberately loose about
 * what Viva varies (ids as numbers or strings, a person as an object or a bare name or email, one
 * owner or a list, many fields null) and strict about types that would make a value meaningless
 * (a title that is an object): such a record fails here and is skipped with the zod message.
 */
import { z } from 'zod';

const id = z
  .union([z.string(), z.number()])
  .transform((value) => String(value).trim())
  .nullish();
const text = z
  .union([z.string(), z.number(), z.boolean()])
  .transform((value) => String(value))
  .nullish();
const numberish = z.union([z.number(), z.string()]).nullish();

export const personSchema = z
  .union([z.string(), z.object({ id, name: text, email: text, emailid: text, useremail: text })])
  .nullish();
export type VivaPersonRecord = z.infer<typeof personSchema>;

const people = z.union([z.array(personSchema), personSchema]).nullish();
const ref = z.union([z.object({ id, name: text }), z.string(), z.number()]).nullish();

export const timePeriodRecordSchema = z.object({
  id,
  timeperiodname: text,
  name: text,
  startdate: text,
  enddate: text,
});

export const teamRecordSchema = z.object({
  id,
  teamname: text,
  name: text,
  parentteam: ref,
  teamowners: people,
  teamtype: text,
  status: text,
  description: text,
});

export const userRecordSchema = z.object({ id, name: text, email: text });

const phasedTargetsSchema = z
  .union([
    z.string(),
    z.object({
      interval: text,
      phasedtargets: z.array(z.object({ targetvalue: numberish, targetdate: text }).nullable()).nullish(),
    }),
  ])
  .nullish();

export const objectiveRecordSchema = z.object({
  id,
  title: text,
  type: text,
  createdby: personSchema,
  owner: people,
  owners: people,
  checkinowners: people,
  delegatedto: people,
  teams: z.array(ref).nullish(),
  timeperiod: ref,
  startdate: text,
  enddate: text,
  alignment: z.array(z.object({ id, title: text, weight: numberish }).nullable()).nullish(),
  parentids: z.array(id).nullish(),
  description: text,
  progressandstatusconfiguration: z.object({ progress: text, status: text, datasource: text }).nullish(),
  progress: numberish,
  status: text,
  outcome: z
    .object({ outcometype: text, metricname: text, metricunit: text, start: numberish, target: numberish, targettype: text })
    .nullish(),
  phasedtargets: phasedTargetsSchema,
  score: numberish,
  goaltype: text,
  createdat: text,
  lastcheckin: text,
});
export type VivaObjectiveRecord = z.infer<typeof objectiveRecordSchema>;

export const checkinRecordSchema = z.object({
  id,
  okrid: id,
  checkindate: text,
  checkinowner: personSchema,
  checkinnote: z.union([z.object({ checkinnote: text, checkinnotehtml: text }), z.string()]).nullish(),
  metricname: text,
  status: text,
  currentvalue: numberish,
  activitydate: text,
});

export const commentRecordSchema = z.object({
  id,
  okrid: id,
  comment: text,
  createdby: personSchema,
  createdat: text,
});

/** One line naming the first problems zod found, for a skipped record's reason. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || 'record'}: ${issue.message}`)
    .join('; ');
}
