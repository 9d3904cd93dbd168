/**
 * Comments on an objective or a key result: remarks people made, kept apart from check-ins (they
 * carry no value). Today they arrive by import (Viva Goals' comments, a Pacer export) and are read
 * on the item's History tab; the text is plain text, shown as such and never rendered as HTML.
 */
import { z } from 'zod';
import { personSchema } from './fields';

/** The newest comments an item's list answers with; older ones stay stored (and in exports). */
export const COMMENTS_LISTED_MAX = 500;

export const commentSchema = z.object({
  id: z.string(),
  objectiveId: z.string().nullable(),
  keyResultId: z.string().nullable(),
  text: z.string(),
  /** null when the import named nobody this Pacer knows. */
  author: personSchema.nullable(),
  createdAt: z.string(),
});

export type Comment = z.infer<typeof commentSchema>;
