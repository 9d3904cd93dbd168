/** Teams (issue 14): a name, a parent team, owners (who may change it) and members. */
import { z } from 'zod';
import { NAME_MAX, idSchema, requiredText } from './fields';

/** Owners and members per team: enough for any real team, small enough to check in one query. */
export const TEAM_USERS_MAX = 1000;

export const teamSchema = z.object({
  id: z.string(),
  name: z.string(),
  parentId: z.string().nullable(),
  ownerIds: z.array(z.string()),
  memberIds: z.array(z.string()),
  /** Whether the caller may change or delete it (an admin or one of its owners). */
  canEdit: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const userIds = z.array(idSchema).max(TEAM_USERS_MAX, `must list at most ${TEAM_USERS_MAX} users`);

export const createTeamBody = z.object({
  name: requiredText(NAME_MAX),
  parentId: idSchema.nullable().optional(),
  ownerIds: userIds.optional(),
  memberIds: userIds.optional(),
});

export const changeTeamBody = createTeamBody.partial();

export type Team = z.infer<typeof teamSchema>;
export type TeamInput = z.input<typeof createTeamBody>;
export type TeamPatch = z.input<typeof changeTeamBody>;
