import { describe, expect, it } from 'vitest';
import { fieldListSchema } from './schemas';
import { findStoryPointsField, findStoryPointsFields, isNumericField, normaliseField, readNumber } from './fields';

// Field definitions as Jira's GET /field answers them (trimmed to the properties Pacer reads).
const cloudSite = fieldListSchema.parse([
  { id: 'summary', name: 'Summary', custom: false, clauseNames: ['summary'], schema: { type: 'string', system: 'summary' } },
  { id: 'timespent', name: 'Time Spent', custom: false, clauseNames: ['timespent'], schema: { type: 'number', system: 'timespent' } },
  { id: 'issuekey', name: 'Key', custom: false, clauseNames: ['id', 'issue', 'issuekey', 'key'] },
  {
    id: 'customfield_10028',
    name: 'Story Points',
    custom: true,
    clauseNames: ['cf[10028]', 'Story Points'],
    schema: { type: 'number', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:float', customId: 10028 },
  },
  {
    id: 'customfield_10016',
    name: 'Story point estimate',
    custom: true,
    clauseNames: ['cf[10016]', 'Story point estimate'],
    schema: { type: 'number', custom: 'com.pyxis.greenhopper.jira:jsw-story-points', customId: 10016 },
  },
  {
    id: 'customfield_10050',
    name: 'Story Points Notes',
    custom: true,
    schema: { type: 'string', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:textfield', customId: 10050 },
  },
]).map(normaliseField);

const dataCenterSite = fieldListSchema.parse([
  {
    id: 'customfield_10106',
    name: 'Story Points',
    custom: true,
    schema: { type: 'number', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:float', customId: 10106 },
  },
  { id: 'customfield_10200', name: 'Business Value', custom: true, schema: { type: 'number', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:float', customId: 10200 } },
]).map(normaliseField);

describe('field discovery', () => {
  it("prefers Jira Software's story-points type, then the classic name", () => {
    expect(findStoryPointsField(cloudSite)?.id).toBe('customfield_10016');
    expect(findStoryPointsFields(cloudSite).map((f) => f.id)).toEqual(['customfield_10016', 'customfield_10028']);
    expect(findStoryPointsField(dataCenterSite)?.id).toBe('customfield_10106');
  });

  it('ignores text fields that merely mention story points, and answers undefined when none exist', () => {
    expect(findStoryPointsFields(cloudSite).some((f) => f.id === 'customfield_10050')).toBe(false);
    expect(findStoryPointsField(cloudSite.filter((f) => !f.custom))).toBeUndefined();
  });

  it('lists numeric fields, system and custom', () => {
    expect(cloudSite.filter(isNumericField).map((f) => f.id)).toEqual(['timespent', 'customfield_10028', 'customfield_10016']);
    expect(dataCenterSite.filter(isNumericField).map((f) => f.name)).toEqual(['Story Points', 'Business Value']);
  });

  it('reads numeric values, treating null and non-numbers as empty', () => {
    expect(readNumber({ customfield_10016: 5 }, 'customfield_10016')).toBe(5);
    expect(readNumber({ customfield_10016: null }, 'customfield_10016')).toBeNull();
    expect(readNumber({ customfield_10016: '5' }, 'customfield_10016')).toBeNull();
    expect(readNumber({}, 'customfield_10016')).toBeNull();
  });
});
