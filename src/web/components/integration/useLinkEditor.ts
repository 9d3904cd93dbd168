/**
 * State of the "Add an integration" part of the objective and key result dialogs. The dialog saves
 * the item first and then applies `plan()` to its link, so the link section never saves on its own.
 */
import { useEffect, useState } from 'react';
import { errorMessage } from '../../api/client';
import { useJiraConnectionNames, useLink, usePreview, useSaveLink, useUnlink, type PreviewContext } from '../../api/links';
import type { IntegrationLink, IntegrationSummary, LinkInput, LinkOwner, PreviewResult } from '../../api/linkTypes';
import { draftFromLink, draftKey, emptyDraft, toLinkInput, type LinkDraft } from './linkDraft';

/**
 * none: progress by hand, nothing chosen · choosing: picking an integration · linked: the saved
 * link, unchanged · editing: a new or changed link being written · unlinking: unlink on save.
 */
export type LinkEditorMode = 'none' | 'choosing' | 'linked' | 'editing' | 'unlinking';

export type LinkPlan = { kind: 'keep' } | { kind: 'put'; input: LinkInput } | { kind: 'delete' };

export interface LinkEditor {
  mode: LinkEditorMode;
  existing: IntegrationLink | null;
  /** The summary the item carried, shown while the full link loads. */
  summary: IntegrationSummary | null;
  loadingExisting: boolean;
  loadError: Error | null;
  draft: LinkDraft;
  change: (patch: Partial<LinkDraft>) => void;
  preview: PreviewResult | null;
  /** True when the shown preview was made for exactly what is typed now. */
  previewIsCurrent: boolean;
  previewing: boolean;
  previewError: Error | null;
  runPreview: () => void;
  startChoosing: () => void;
  chooseJira: () => void;
  editExisting: () => void;
  cancel: () => void;
  unlink: () => void;
  keepLink: () => void;
  /** Why the dialog's Save is blocked, or null when it may save. */
  blockedReason: string | null;
  /** True when closing would throw something away: a changed query or options, or an unlink not saved yet. */
  dirty: boolean;
  plan: () => LinkPlan;
}

interface Options {
  /** The saved item, when editing one. */
  owner?: LinkOwner;
  summary: IntegrationSummary | null;
  /** What the preview needs to know about the item (its period, a key result's scale). */
  previewContext: PreviewContext;
  /** A key result's own start and target: where a "towards a target" link starts out. */
  scale?: { startValue: number | string; targetValue: number | string };
  /**
   * Open straight in the editor (the item page's "Edit link" and "Add an integration"): the saved
   * link's query once it has loaded, or a new Jira link.
   */
  startEditing?: boolean;
}

export function useLinkEditor({ owner, summary, previewContext, scale, startEditing = false }: Options): LinkEditor {
  const linked = summary !== null && owner !== undefined;
  const link = useLink(owner ?? { kind: 'objective', id: '' }, linked);
  const connections = useJiraConnectionNames();
  const previewMutation = usePreview();
  const startDraft = (): LinkDraft => {
    const fresh = emptyDraft(null);
    return scale ? { ...fresh, startValue: scale.startValue, targetValue: scale.targetValue } : fresh;
  };
  const [mode, setMode] = useState<LinkEditorMode>(startEditing ? 'editing' : linked ? 'linked' : 'none');
  const [draft, setDraft] = useState<LinkDraft>(startDraft);
  // The draft editing started from: closing with anything else asks first (dirty).
  const [baseline, setBaseline] = useState<string>(() => JSON.stringify(draft));
  // Opened straight in the editor on a saved link: its query fills the form once it has loaded.
  const [awaitingExisting, setAwaitingExisting] = useState(startEditing && linked);
  const [preview, setPreview] = useState<{ key: string; result: PreviewResult } | null>(null);
  const existing = link.data ?? null;

  const onlyConnection = connections.data?.length === 1 ? connections.data[0]!.id : null;
  const begin = (next: LinkDraft) => {
    setDraft(next);
    setBaseline(JSON.stringify(next));
    setPreview(null);
    setMode('editing');
  };

  useEffect(() => {
    if (awaitingExisting && existing) {
      setAwaitingExisting(false);
      begin(draftFromLink(existing));
    }
  }, [awaitingExisting, existing]);
  // A new link opened straight in the editor: the only connection is the one it uses, once known.
  useEffect(() => {
    if (startEditing && !linked && onlyConnection && draft.connectionId === null && baseline === JSON.stringify(draft)) {
      begin({ ...draft, connectionId: onlyConnection });
    }
  }, [startEditing, linked, onlyConnection, draft, baseline]);
  const currentKey = draftKey(draft);
  const previewIsCurrent = preview !== null && preview.key === currentKey;

  const change = (patch: Partial<LinkDraft>) => setDraft((previous) => ({ ...previous, ...patch }));

  const runPreview = () => {
    const input = toLinkInput(draft);
    const key = draftKey(draft);
    if (!input || !key) return;
    const { type: _type, ...rest } = input;
    previewMutation.mutate({ ...rest, ...previewContext }, { onSuccess: (result) => setPreview({ key, result }) });
  };

  let blockedReason: string | null = null;
  if (mode === 'choosing') blockedReason = 'Choose an integration, or cancel adding one.';
  if (mode === 'editing' && awaitingExisting) blockedReason = 'Loading the saved link…';
  else if (mode === 'editing') {
    if (!previewIsCurrent) blockedReason = 'Preview the query first: Save is possible once the preview shows what it will measure.';
    else if (!preview?.result.valid) blockedReason = 'Jira did not accept this query. Correct it and preview again.';
  }

  return {
    mode,
    existing,
    summary,
    loadingExisting: linked && (link.isPending || awaitingExisting),
    loadError: link.error,
    draft,
    change,
    preview: preview?.result ?? null,
    previewIsCurrent,
    previewing: previewMutation.isPending,
    previewError: previewMutation.error,
    runPreview,
    startChoosing: () => setMode('choosing'),
    chooseJira: () => begin({ ...startDraft(), connectionId: onlyConnection }),
    editExisting: () => {
      if (existing) begin(draftFromLink(existing));
    },
    cancel: () => {
      setPreview(null);
      setMode(linked ? 'linked' : 'none');
    },
    unlink: () => setMode('unlinking'),
    keepLink: () => setMode('linked'),
    blockedReason,
    dirty: mode === 'unlinking' || (mode === 'editing' && !awaitingExisting && JSON.stringify(draft) !== baseline),
    plan: () => {
      if (mode === 'unlinking') return { kind: 'delete' };
      if (mode !== 'editing') return { kind: 'keep' };
      const input = toLinkInput(draft);
      // Saving an edit that changes nothing would only add a needless sync and history line.
      if (!input || (existing && draftKey(draftFromLink(existing)) === draftKey(draft))) return { kind: 'keep' };
      return { kind: 'put', input };
    },
  };
}

/** Applies a dialog's link plan to the item it just saved; resolves to an error message or null. */
export function useApplyLinkPlan() {
  const save = useSaveLink();
  const unlink = useUnlink();
  return {
    pending: save.isPending || unlink.isPending,
    apply: async (owner: LinkOwner, plan: LinkPlan): Promise<string | null> => {
      try {
        if (plan.kind === 'put') await save.mutateAsync({ owner, input: plan.input });
        if (plan.kind === 'delete') await unlink.mutateAsync(owner);
        return null;
      } catch (error) {
        return errorMessage(error);
      }
    },
  };
}
