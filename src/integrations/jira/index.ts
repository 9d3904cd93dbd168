/** Public surface of the Jira integration: the client, its errors, field helpers and URL checks. */
export { createJiraClient, normaliseDeploymentType } from './client';
export type { JiraAuth, JiraClient, JiraClientOptions, JiraDeployment, JiraServerInfo, JiraUser, JqlValidation } from './client';
export { doneIssuesJql, doneRuleClause, jqlString, orderedByKeyUnlessOrdered, unknownStatusNames } from './done-jql';
export type { DoneRuleLike } from './done-jql';
export { JiraError, JIRA_ERROR_MESSAGES, isJiraError } from './errors';
export type { JiraErrorCode } from './errors';
export { findStoryPointsField, findStoryPointsFields, isNumericField, readNumber } from './fields';
export type { JiraField } from './fields';
export type { JiraRequestInfo } from './http';
export { DEFAULT_SLOT_WAIT_MS, localRequestLimiter, PurposeSlots, reservedSlots, slotRange, slotWaitTimedOut } from './limiter';
export type { JiraRequestPurpose, RequestLimiter, RequestSlot, SlotHolder } from './limiter';
export type { CollectedSearch, SearchOptions, SearchPage, SelectIssue } from './paging';
export type { RetryPolicy } from './retry';
export type { JiraIssue } from './schemas';
export { assertSafeJiraUrl, isLinkLocalOrMetadata, normaliseJiraUrl, UnsafeJiraUrlError } from './url-safety';
export type { UnsafeUrlReason, UrlSafetyOptions } from './url-safety';
