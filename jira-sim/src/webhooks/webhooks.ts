/**
 * Jira-style webhooks: on every issue change, POST `jira:issue_created|updated|deleted`
 * payloads to registered URLs (optionally filtered by JQL), with X-Atlassian-Webhook-Identifier,
 * retries on 408/409/425/429/5xx and optional duplicate deliveries, as real Jira may send.
 */
import { randomUUID } from 'node:crypto';
import type { SimUser } from '../model';
import type { IssueChange, IssueChangeType } from '../store/changes';
import type { SearchEngine } from '../store/search-engine';
import type { SimStore } from '../store/store';
import type { IssueRenderer } from '../http/render-issue';

export interface WebhookInput {
  url: string;
  /** The name given when registered through Jira's API. */
  name?: string;
  /** Only issues matching this JQL (evaluated with full visibility) trigger deliveries. */
  jql?: string;
  events?: Array<`jira:issue_${IssueChangeType}`>;
  /** Extra copies of every delivery, with the same identifier (Jira may deliver more than once). */
  duplicateDeliveries?: number;
  /** Retries after a retryable failure, `delayMs` apart (doubling). */
  retry?: { maxRetries?: number; delayMs?: number };
}

export interface WebhookRegistration extends WebhookInput {
  id: string;
}

export interface WebhookDelivery {
  webhookId: string;
  identifier: string;
  event: string;
  issueKey: string;
  attempt: number;
  /** HTTP status of the receiver, or 0 when it couldn't be reached. */
  status: number;
  at: number;
}

const RETRYABLE = new Set([408, 409, 425, 429]);

export class Webhooks {
  private readonly registrations = new Map<string, WebhookRegistration>();
  private readonly log: WebhookDelivery[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly store: SimStore,
    private readonly search: SearchEngine,
    private readonly renderer: IssueRenderer,
  ) {
    store.onChange((change) => this.dispatch(change));
  }

  register(input: WebhookInput): WebhookRegistration {
    if (!/^https?:\/\//.test(input.url)) throw new Error(`Webhook URL '${input.url}' must start with http:// or https://.`);
    const registration: WebhookRegistration = { ...input, id: String(this.nextId++) };
    this.registrations.set(registration.id, registration);
    return registration;
  }

  remove(id: string): boolean {
    return this.registrations.delete(id);
  }

  list(): WebhookRegistration[] {
    return [...this.registrations.values()];
  }

  deliveries(): WebhookDelivery[] {
    return [...this.log];
  }

  clear(): void {
    this.registrations.clear();
    this.log.length = 0;
  }

  /** Resolves when every delivery started so far (with its retries) has finished. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  close(): void {
    this.closed = true;
  }

  private dispatch(change: IssueChange): void {
    if (this.registrations.size === 0 || this.closed) return;
    const issue = change.after ?? change.before!;
    const event = `jira:issue_${change.type}` as const;
    let payload: string | null = null;
    for (const registration of this.registrations.values()) {
      if (registration.events && !registration.events.includes(event)) continue;
      if (registration.jql) {
        const admin: SimUser | undefined = this.store.dataset.users.find((u) => !u.allowedProjectKeys);
        const matcher = this.search.matcher(registration.jql, admin ? { kind: 'user', user: admin } : { kind: 'anonymous' });
        if (!matcher || !matcher(issue)) continue;
      }
      payload ??= this.payload(change);
      const identifier = randomUUID();
      const copies = 1 + (registration.duplicateDeliveries ?? 0);
      for (let copy = 0; copy < copies; copy++) this.track(this.deliver(registration, identifier, event, issue.key, payload));
    }
  }

  private payload(change: IssueChange): string {
    const issue = change.after ?? change.before!;
    const fields = this.store.fields.resolve(['*all'], '*all');
    // Webhooks carry the REST v2 representation of the issue.
    const bean = this.renderer.beanObject(issue, '2', { fields });
    const values = this.renderer.valueRenderer('2');
    const body: Record<string, unknown> = {
      timestamp: change.at.getTime(),
      webhookEvent: `jira:issue_${change.type}`,
      issue_event_type_name: eventTypeName(change),
    };
    if (change.user) body.user = values.user(change.user);
    body.issue = bean;
    if (change.changelog) body.changelog = { id: change.changelog.id, items: change.changelog.items };
    return JSON.stringify(body);
  }

  private track(delivery: Promise<void>): void {
    this.inFlight.add(delivery);
    void delivery.finally(() => this.inFlight.delete(delivery));
  }

  private async deliver(registration: WebhookRegistration, identifier: string, event: string, issueKey: string, payload: string): Promise<void> {
    const maxRetries = registration.retry?.maxRetries ?? 3;
    let delay = registration.retry?.delayMs ?? 500;
    for (let attempt = 0; attempt <= maxRetries && !this.closed; attempt++) {
      const headers: Record<string, string> = {
        'Content-Type': 'application/json; charset=utf-8',
        'User-Agent': 'Atlassian Webhook HTTP Client',
        'X-Atlassian-Webhook-Identifier': identifier,
      };
      if (attempt > 0) headers['X-Atlassian-Webhook-Retry'] = String(attempt);
      let status = 0;
      try {
        const response = await fetch(registration.url, { method: 'POST', headers, body: payload, signal: AbortSignal.timeout(10_000) });
        status = response.status;
        await response.arrayBuffer();
      } catch {
        status = 0;
      }
      this.log.push({ webhookId: registration.id, identifier, event, issueKey, attempt, status, at: Date.now() });
      if (status !== 0 && !RETRYABLE.has(status) && status < 500) return;
      if (attempt === maxRetries) return;
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay *= 2;
    }
  }
}

function eventTypeName(change: IssueChange): string {
  if (change.type === 'created') return 'issue_created';
  if (change.type === 'deleted') return 'issue_deleted';
  const fields = new Set(change.changelog?.items.map((item) => item.fieldId) ?? []);
  if (fields.size === 1 && fields.has('assignee')) return 'issue_assigned';
  if (fields.has('status')) return 'issue_generic';
  return 'issue_updated';
}
