/**
 * Shapes of the REST API v1, derived from the server's contract (src/contract): a shape that
 * drifts between server and web is a compile error. Dates are 'YYYY-MM-DD', instants ISO-8601.
 */
export type { SetupInput, SignedIn, SignInInput } from '../../contract/auth';
export type { Comment } from '../../contract/comments';
export type { Cycle, CycleInput } from '../../contract/cycles';
export type { CheckIn, Person, Status } from '../../contract/fields';
export type {
  Integration,
  IntegrationType,
  JiraAuthType,
  JiraConnection,
  JiraConnectionHealth,
  JiraConnectionInput,
  JiraConnectionPatch,
  JiraDeploymentType,
  JiraLinkAccess,
} from '../../contract/integrations';
export type { CheckInInput, KeyResult, KeyResultInput } from '../../contract/key-results';
export type { Objective, ObjectiveInput, ProgressMode } from '../../contract/objectives';
export type { ImportCounts, ImportKind, ImportReport, ImportSkipped, ImportSource } from '../../contract/imports';
export type { Settings, SetupStatus } from '../../contract/settings';
export type { Team, TeamInput, TeamPatch } from '../../contract/teams';
export type { ApiToken, CreatedApiToken } from '../../contract/tokens';
export type { NewUserInput, PasswordChange, Role, User, UserPatch } from '../../contract/users';
