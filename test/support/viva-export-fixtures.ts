/**
 * Viva Goals export files built from the format described in issue 14, for the import tests: the
 * organisation export (a ZIP of JSON arrays, keys spelled as Viva spells them), the Explorer view
 * export as CSV text and as a minimal XLSX (a ZIP of the few XML parts a reader needs). Records
 * start from realistic defaults; a test overrides only what it is about.
 */
import { strToU8, zipSync, type Zippable } from 'fflate';

export type VivaJsonRecord = Record<string, unknown>;

const ORG = '4711';
const EXPORTER = '815';
const STAMP = '20251215093000';

export function vivaExportFileName(entity: string): string {
  return `${entity}_export_file_${ORG}_${EXPORTER}_Organization_${ORG}_${STAMP}.json`;
}

export function vivaPerson(id: number, name: string, email: string | null): VivaJsonRecord {
  return { ID: id, Name: name, Email: email };
}

export function vivaTimePeriod(overrides: VivaJsonRecord = {}): VivaJsonRecord {
  return { ID: 10, 'Time Period Name': 'Q1 2025', 'Start Date': '2025-01-01 00:00:00', 'End Date': '2025-03-31 00:00:00', ...overrides };
}

export function vivaTeam(overrides: VivaJsonRecord = {}): VivaJsonRecord {
  return {
    ID: 20,
    'Team Name': 'Platform',
    'Parent Team': null,
    'Team Owners': [vivaPerson(1, 'Ada Lovelace', 'ada@example.com')],
    'Team Type': 'Team',
    Status: 'Active',
    Description: null,
    ...overrides,
  };
}

export function vivaUser(overrides: VivaJsonRecord = {}): VivaJsonRecord {
  return { ID: 1, Name: 'Ada Lovelace', Email: 'ada@example.com', ...overrides };
}

export function vivaObjective(overrides: VivaJsonRecord = {}): VivaJsonRecord {
  return {
    ID: 100,
    Title: 'Grow the platform',
    Type: 'Big rock',
    'Created By': vivaPerson(1, 'Ada Lovelace', 'ada@example.com'),
    Owner: [vivaPerson(1, 'Ada Lovelace', 'ada@example.com')],
    'Check-in Owners': [],
    'Delegated To': null,
    Teams: [{ ID: 20, Name: 'Platform' }],
    'Time Period': { ID: 10, Name: 'Q1 2025' },
    'Start Date': '2025-01-01 00:00:00',
    'End Date': '2025-03-31 00:00:00',
    Alignment: [],
    'Parent IDs': [],
    Children: [],
    Permissions: { View: 'Everyone', Edit: 'Owners', Align: 'Everyone' },
    Description: null,
    Tags: null,
    'Progress and Status Configuration': { Progress: 'Update from Children', Status: 'Automatic', 'Data Source': null },
    Progress: 40,
    Status: 'On Track',
    Outcome: { 'Outcome Type': 'Percentage', 'Metric Name': null, 'Metric Unit': null, Start: 0, Target: 100, 'Target Type': 'Increase From' },
    'Phased Targets': 'Disabled',
    Score: null,
    'Goal Type': 'Committed',
    'Created At': '2024-12-20 10:00:00',
    'Last Check-in': null,
    ...overrides,
  };
}

export function vivaCheckin(overrides: VivaJsonRecord = {}): VivaJsonRecord {
  return {
    ID: 1000,
    'OKR ID': 101,
    'CheckIn Date': '2025-02-01 09:15:00',
    'Check In Owner': vivaPerson(1, 'Ada Lovelace', 'ada@example.com'),
    'Check In Note': { 'Check In Note': 'Going well', 'Check In Note HTML': '<p>Going <b>well</b></p>' },
    'Metric Name': null,
    Status: 'On Track',
    'Current Value': 25,
    'Activity Date': '2025-02-01 09:15:00',
    ...overrides,
  };
}

export function vivaComment(overrides: VivaJsonRecord = {}): VivaJsonRecord {
  return { ID: 5000, 'OKR ID': 100, Comment: 'Nice progress', 'Created By': vivaPerson(1, 'Ada Lovelace', 'ada@example.com'), 'Created At': '2025-02-02 12:00:00', ...overrides };
}

export interface VivaOrganisationExport {
  timePeriods?: unknown[];
  teams?: unknown[];
  users?: unknown[];
  objectives?: unknown[];
  checkins?: unknown[];
  comments?: unknown[];
  /** Extra entries by name (raw bytes or text), e.g. a README or a damaged file. */
  extraFiles?: Record<string, Uint8Array | string>;
}

/** A ZIP as Viva's organisation export lays it out: one JSON array per entity. */
export function buildVivaOrganisationZip(content: VivaOrganisationExport): Uint8Array {
  const files: Zippable = {};
  const entities: [string, unknown[] | undefined][] = [
    ['TimePeriods', content.timePeriods],
    ['Teams', content.teams],
    ['Users', content.users],
    ['objectives', content.objectives],
    ['checkins', content.checkins],
    ['comments', content.comments],
  ];
  for (const [entity, records] of entities) {
    if (records) files[vivaExportFileName(entity)] = strToU8(JSON.stringify(records));
  }
  for (const [name, data] of Object.entries(content.extraFiles ?? {})) files[name] = typeof data === 'string' ? strToU8(data) : data;
  return zipSync(files);
}

/** An organisation export with two Big rocks, a child Big rock aligned to both with weights, a Metric KPI and a percentage Project. */
export function sampleVivaOrganisation(): VivaOrganisationExport {
  return {
    timePeriods: [vivaTimePeriod()],
    teams: [vivaTeam(), vivaTeam({ ID: 21, 'Team Name': 'Payments', 'Parent Team': { ID: 20, Name: 'Platform' }, 'Team Owners': [vivaPerson(2, 'Grace Hopper', 'Grace@Example.com')] })],
    users: [vivaUser(), vivaUser({ ID: 2, Name: 'Grace Hopper', Email: 'Grace@Example.com' })],
    objectives: [
      vivaObjective(),
      vivaObjective({ ID: 102, Title: 'Delight customers', Owner: [vivaPerson(2, 'Grace Hopper', 'grace@example.com')] }),
      vivaObjective({
        ID: 103,
        Title: 'Ship the new checkout (Phase 1; EU)',
        Alignment: [
          { ID: 100, Title: 'Grow the platform', Weight: '40.0%' },
          { ID: 102, Title: 'Delight customers', Weight: '60.0%' },
        ],
        'Parent IDs': [100, 102],
        'Progress and Status Configuration': { Progress: 'Update Manually', Status: 'Manual', 'Data Source': null },
        Status: 'Closed',
        Score: 0.7,
      }),
      vivaObjective({
        ID: 101,
        Title: 'Raise weekly active users',
        Type: 'Kpi',
        Alignment: [{ ID: 100, Title: 'Grow the platform', Weight: '100.0%' }],
        'Parent IDs': [100],
        'Progress and Status Configuration': { Progress: 'Update Manually', Status: 'Manual', 'Data Source': null },
        Outcome: { 'Outcome Type': 'Metric', 'Metric Name': 'WAU', 'Metric Unit': 'users', Start: 1000, Target: 5000, 'Target Type': 'Increase From' },
        'Phased Targets': {
          Interval: 'Monthly',
          'Phased Targets': [
            { 'Target Value': 3000, 'Target Date': '2025-02-28 00:00:00' },
            { 'Target Value': 2000, 'Target Date': '2025-01-31 00:00:00' },
          ],
        },
      }),
      vivaObjective({ ID: 104, Title: 'Write the runbook', Type: 'Project', Alignment: [{ ID: 102, Title: 'Delight customers', Weight: null }], 'Parent IDs': [102], Outcome: null }),
    ],
    checkins: [
      vivaCheckin(),
      vivaCheckin({ ID: 1001, 'OKR ID': 101, 'CheckIn Date': '2025-03-01 09:15:00', 'Current Value': 3100, 'Check In Note': null }),
      vivaCheckin({ ID: 1002, 'OKR ID': 999, 'Check In Note': { 'Check In Note': '', 'Check In Note HTML': '' } }),
      vivaCheckin({ ID: 1003, 'OKR ID': 103, 'Current Value': 70, 'Check In Note': { 'Check In Note': '', 'Check In Note HTML': '' } }),
    ],
    comments: [vivaComment()],
  };
}

/** RFC 4180 CSV of `rows` (the first row the header), every field quoted, CRLF line ends. */
export function buildCsv(rows: string[][], withBom = false): string {
  const body = rows.map((row) => row.map((cell) => `"${cell.replace(/"/g, '""')}"`).join(',')).join('\r\n');
  return `${withBom ? '\uFEFF' : ''}${body}\r\n`;
}

export const EXPLORER_HEADER = [
  'Id', 'Title', 'Team', 'Creator', 'Owner', 'Period', 'Start Date', 'End Date', 'Description',
  'Aligned To (weight, Objective ID)', 'Metric Name', 'Unit', 'Target', 'Start', 'Object Type', 'Goal Type',
  'Created At', 'Last Check-in', 'Progress %', 'Actual Progress', 'Status', 'Last Check-in Note', 'Score', 'Checkins',
];

export function explorerRow(values: Partial<Record<(typeof EXPLORER_HEADER)[number], string>>): string[] {
  return EXPLORER_HEADER.map((column) => values[column] ?? '');
}

export function explorerCheckin(date: string, user: string, note: string, status: string, value: string, activity: string): string {
  return `Checkin Date: ${date}; User: ${user}; Note: ${note}; Status: ${status}; Current Value: ${value}; Activity Date: ${activity} UTC;`;
}

/** Explorer rows: two objectives, one aligned to both with weights, a metric key result with check-ins, a deliverable. */
export function sampleExplorerRows(): string[][] {
  return [
    EXPLORER_HEADER,
    explorerRow({ Id: '100', Title: 'Grow the platform', Team: 'Platform', Owner: 'Ada Lovelace', Period: 'Q1 2025', 'Start Date': '2025-01-01', 'End Date': '2025-03-31', 'Object Type': 'Objective', 'Progress %': '40%', Status: 'On Track' }),
    explorerRow({ Id: '102', Title: 'Delight customers', Owner: 'Grace Hopper', Period: 'Q1 2025', 'Object Type': 'Objective', Status: 'Behind' }),
    explorerRow({
      Id: '103',
      Title: 'Ship checkout (Phase 1; EU)',
      Period: 'Q1 2025',
      'Object Type': 'Objective',
      'Aligned To (weight, Objective ID)': 'Grow the platform(weight: 40%, Id: 100), Delight customers(weight: 60%, Id: 102)',
      Status: 'Closed',
      Score: '0.7',
    }),
    explorerRow({
      Id: '101',
      Title: 'Raise weekly active users',
      Owner: 'Ada Lovelace',
      Period: 'Q1 2025',
      'Object Type': 'Key result',
      'Aligned To (weight, Objective ID)': 'Grow the platform(weight: 100%, Id: 100)',
      'Metric Name': 'WAU',
      Unit: 'users',
      Start: '1000',
      Target: '5000',
      Checkins: [
        explorerCheckin('2025-02-01', 'Ada Lovelace', 'Going well; on plan (mostly)', 'On Track', '2500', '2025-02-01 09:15:00'),
        explorerCheckin('2025-03-01', 'Ada Lovelace', '', 'Behind', '3100', '2025-03-01 09:15:00'),
      ].join(' '),
    }),
    explorerRow({ Id: '104', Title: 'Write the runbook', 'Object Type': 'Deliverable', 'Aligned To (weight, Objective ID)': 'Delight customers(weight: 100%, Id: 102)', Checkins: explorerCheckin('2025-02-10', 'Grace Hopper', '<b>half</b> done &amp; reviewed', 'On Track', '50%', '2025-02-10 08:00:00') }),
  ];
}

function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

export interface XlsxCell {
  /** A shared string (the default for text), an inline string, a number, or a formula with its cached value. */
  kind?: 'shared' | 'inline' | 'number' | 'formula';
  value: string;
}

/** A minimal XLSX workbook: [Content_Types].xml, the workbook, its relationships, shared strings and one sheet. */
export function buildXlsx(rows: (string | XlsxCell)[][]): Uint8Array {
  const shared: string[] = [];
  const sheetRows = rows.map((row, rowIndex) => {
    const cells = row.map((raw, columnIndex) => {
      const cell: XlsxCell = typeof raw === 'string' ? { value: raw } : raw;
      const ref = `${columnName(columnIndex)}${rowIndex + 1}`;
      if (cell.value === '' && cell.kind === undefined) return '';
      switch (cell.kind ?? 'shared') {
        case 'number':
          return `<c r="${ref}"><v>${xmlEscape(cell.value)}</v></c>`;
        case 'inline':
          return `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${xmlEscape(cell.value)}</t></is></c>`;
        case 'formula':
          return `<c r="${ref}" t="str"><f>${xmlEscape(cell.value.replace(/^=/, ''))}</f><v>cached</v></c>`;
        default:
          shared.push(cell.value);
          return `<c r="${ref}" t="s"><v>${shared.length - 1}</v></c>`;
      }
    });
    return `<row r="${rowIndex + 1}">${cells.join('')}</row>`;
  });
  const sharedXml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${shared.length}" uniqueCount="${shared.length}">${shared
    .map((text) => `<si><t xml:space="preserve">${xmlEscape(text)}</t></si>`)
    .join('')}</sst>`;
  return zipSync({
    '[Content_Types].xml': strToU8('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"></Types>'),
    'xl/workbook.xml': strToU8('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Explorer" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    'xl/_rels/workbook.xml.rels': strToU8('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
    'xl/sharedStrings.xml': strToU8(sharedXml),
    'xl/worksheets/sheet1.xml': strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${sheetRows.join('')}</sheetData></worksheet>`),
  });
}
