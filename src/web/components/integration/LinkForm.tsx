import { Autocomplete, Button, Checkbox, Group, NumberInput, SegmentedControl, Select, Stack, TagsInput, Text, Textarea } from '@mantine/core';
import { IconEye } from '@tabler/icons-react';
import { useState } from 'react';
import { ApiError } from '../../api/client';
import { useJiraConnectionNames } from '../../api/links';
import type { LinkMetric } from '../../api/linkTypes';
import { DONE_RULE_OPTIONS, METRIC_OPTIONS, draftProblems, towardsTarget, type Measure } from './linkDraft';
import { AdminIntegrationsHint } from './AdminIntegrationsHint';
import { LinkPreview } from './LinkPreview';
import type { LinkEditor } from './useLinkEditor';

const NUMERIC_FIELDS = ['timespent', 'timeoriginalestimate', 'timeestimate', 'customfield_10016'];

const METRIC_HELP: Record<LinkMetric, string> = {
  percent_done: 'Done issues as a share of all matching issues: 3 of 10 is 30%.',
  done_count: 'Counts done issues from the start value to the target; met once the target is reached, however many more are filed.',
  points_done: 'Story points of done issues, as a share of all matching points or towards a points target.',
  field_sum: 'Adds up a numeric field (time spent, an estimate, any number field) over done issues.',
};

function ConnectionChoice({ editor }: { editor: LinkEditor }) {
  const connections = useJiraConnectionNames();
  const list = connections.data ?? [];
  if (connections.isPending) return <Text size="sm" c="dimmed">Loading Jira connections…</Text>;
  if (connections.error) return <Text size="sm" c="red">Could not load Jira connections: {connections.error.message}</Text>;
  if (list.length === 0) return <NoConnection />;
  // With one connection there is nothing to choose: say which one is used.
  if (list.length === 1 && editor.draft.connectionId === list[0]!.id) {
    return (
      <Text size="sm" c="dimmed">
        Asks the Jira connection <b>{list[0]!.name}</b>.
      </Text>
    );
  }
  return (
    <Select
      label="Jira connection"
      placeholder="Choose a connection"
      data={list.map((c) => ({ value: c.id, label: c.name }))}
      value={editor.draft.connectionId}
      onChange={(connectionId) => editor.change({ connectionId })}
      allowDeselect={false}
      comboboxProps={{ withinPortal: true }}
    />
  );
}

/** Nothing can be linked before an admin adds a connection: say so, and where (admins get the link). */
function NoConnection() {
  return (
    <AdminIntegrationsHint
      problem="There is no Jira connection yet, so nothing can be linked to Jira."
      adminFix="Add one under"
      memberFix="Ask an admin to add one under Admin › Integrations, then link this again."
      color="red"
    />
  );
}

/** Start and target (and "count all") for metrics that measure towards a target. */
function TargetOptions({ editor, errors }: { editor: LinkEditor; errors: ReturnType<typeof draftProblems> }) {
  const { draft, change } = editor;
  // Named apart from a key result's own start and target, which sit in the same dialog.
  const unit = draft.metric === 'done_count' ? 'issues' : draft.metric === 'points_done' ? 'points' : 'field sum';
  return (
    <>
      <Group grow align="flex-start">
        <NumberInput label={`Start (${unit})`} description="Where counting starts" value={draft.startValue} onChange={(startValue) => change({ startValue })} error={errors.startValue} />
        <NumberInput label={`Target (${unit})`} description="Met when reached; never over 100%" value={draft.targetValue} onChange={(targetValue) => change({ targetValue })} error={errors.targetValue} />
      </Group>
      <Checkbox
        label="Count all matching issues, not only done ones"
        description="For goals like “20 bugs filed”: every issue the query matches counts."
        checked={draft.countAll}
        onChange={(event) => change({ countAll: event.currentTarget.checked })}
      />
    </>
  );
}

/** Connection, JQL, metric and options, and the Preview that unlocks Save. */
export function LinkForm({ editor }: { editor: LinkEditor }) {
  const { draft, change } = editor;
  const connections = useJiraConnectionNames();
  // Problems show once a preview was asked for, not while someone is still typing.
  const [triedPreview, setTriedPreview] = useState(false);
  const problems = draftProblems(draft);
  const errors = triedPreview ? problems : {};
  const jiraErrors = editor.preview && !editor.preview.valid && editor.previewIsCurrent ? editor.preview.errors : [];
  const requestError = editor.previewError instanceof ApiError ? editor.previewError : null;
  const jqlError = errors.jql ?? (jiraErrors.length > 0 ? jiraErrors.join(' ') : requestError?.fieldMessage('jql'));

  const preview = () => {
    setTriedPreview(true);
    if (Object.keys(problems).length === 0) editor.runPreview();
  };
  // Without a connection the query has nowhere to go: the message alone, not a form that cannot work.
  if (connections.data?.length === 0) return <NoConnection />;

  return (
    <Stack gap="sm">
      <ConnectionChoice editor={editor} />
      {errors.connectionId && (
        <Text size="sm" c="red">
          {errors.connectionId}
        </Text>
      )}
      <Textarea
        label="JQL"
        description="The issues that measure this. Jira’s own query language, as in Jira’s issue search."
        placeholder="parent = AE-786"
        autosize
        minRows={2}
        maxRows={8}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        spellCheck={false}
        value={draft.jql}
        onChange={(event) => change({ jql: event.currentTarget.value })}
        error={jqlError}
      />
      <Select
        label="Metric"
        description={METRIC_HELP[draft.metric]}
        data={METRIC_OPTIONS}
        value={draft.metric}
        onChange={(metric) => metric && change({ metric: metric as LinkMetric })}
        allowDeselect={false}
        comboboxProps={{ withinPortal: true }}
      />
      {draft.metric === 'field_sum' && (
        <Autocomplete
          label="Numeric field"
          description="The field’s id: timespent, timeoriginalestimate, or a custom field such as customfield_10016"
          data={NUMERIC_FIELDS}
          value={draft.field}
          onChange={(field) => change({ field })}
          error={errors.field}
          comboboxProps={{ withinPortal: true }}
        />
      )}
      {(draft.metric === 'points_done' || draft.metric === 'field_sum') && (
        <SegmentedControl
          aria-label="Measure"
          value={draft.measure}
          onChange={(measure) => change({ measure: measure as Measure })}
          data={[
            { value: 'share', label: 'Percent of all matching' },
            { value: 'target', label: 'Towards a target' },
          ]}
        />
      )}
      {towardsTarget(draft) && <TargetOptions editor={editor} errors={errors} />}
      <Select
        label="An issue counts as done when"
        data={DONE_RULE_OPTIONS}
        value={draft.doneRule}
        onChange={(doneRule) => doneRule && change({ doneRule: doneRule as typeof draft.doneRule })}
        allowDeselect={false}
        comboboxProps={{ withinPortal: true }}
      />
      {draft.doneRule === 'statuses' && (
        <TagsInput
          label="Done statuses"
          description="Type a status name and press Enter"
          placeholder="Done, Closed"
          value={draft.statuses}
          onChange={(statuses) => change({ statuses })}
          error={errors.statuses}
        />
      )}
      <Checkbox
        label="Only issues resolved within this objective’s period"
        description="Adds the period’s dates to the query, for goals like “bugs closed this quarter”."
        checked={draft.periodScoped}
        onChange={(event) => change({ periodScoped: event.currentTarget.checked })}
      />
      <Group gap="sm">
        <Button variant="light" leftSection={<IconEye size={16} />} onClick={preview} loading={editor.previewing}>
          Preview
        </Button>
        {!editor.previewIsCurrent && !editor.previewing && (
          <Text size="xs" c="dimmed">
            Preview to see what it measures; Save needs a preview of the current query.
          </Text>
        )}
      </Group>
      {editor.previewError && !requestError?.fieldMessage('jql') && (
        <Text size="sm" c="red" role="alert">
          {editor.previewError.message}
        </Text>
      )}
      {editor.preview && <LinkPreview preview={editor.preview} current={editor.previewIsCurrent} />}
    </Stack>
  );
}
