import { z } from 'zod';
import { NAME_MAX, calendarDate, requiredText } from './fields';

export const cycleSchema = z.object({
  id: z.string(),
  name: z.string(),
  startDate: z.string(),
  endDate: z.string(),
  createdAt: z.string(),
});

export const createCycleBody = z.object({
  name: requiredText(NAME_MAX),
  startDate: calendarDate,
  endDate: calendarDate,
});

export const changeCycleBody = createCycleBody.partial();

export type Cycle = z.infer<typeof cycleSchema>;
export type CycleInput = z.input<typeof createCycleBody>;
