import { describe, expect, it } from 'vitest';
import { explorerCheckin } from '../../../test/support/viva-export-fixtures';
import { parseAlignedToCell, parseCheckinsCell } from './viva-explorer-cells';

describe('parseAlignedToCell', () => {
  it('reads several parents with weights, titles holding parentheses, commas and semicolons', () => {
    const cell = 'Grow (the) platform, fast(weight: 40%, Id: 100), Delight; customers(weight: 60.0%, Id: 102)\nNo weight(weight: -, Id: 7)';
    expect(parseAlignedToCell(cell)).toEqual({
      alignments: [
        { title: 'Grow (the) platform, fast', weight: 40, externalId: '100' },
        { title: 'Delight; customers', weight: 60, externalId: '102' },
        { title: 'No weight', weight: null, externalId: '7' },
      ],
      unreadable: false,
    });
  });

  it('reads parents given without a weight, and says when text names no parent', () => {
    expect(parseAlignedToCell('Grow(Id: 100)').alignments).toEqual([{ title: '', weight: null, externalId: '100' }]);
    expect(parseAlignedToCell('Grow the platform')).toEqual({ alignments: [], unreadable: true });
    expect(parseAlignedToCell('A(weight: 50%, Id: 1), trailing junk')).toMatchObject({ unreadable: true });
    expect(parseAlignedToCell('  ')).toEqual({ alignments: [], unreadable: false });
  });
});

describe('parseCheckinsCell', () => {
  it('reads packed entries whose notes hold semicolons, parentheses and key-like words', () => {
    const cell = [
      explorerCheckin('2025-02-01', 'Ada Lovelace', 'Going well; on plan (mostly). Status: fine', 'On Track', '25%', '2025-02-01 09:15:00'),
      explorerCheckin('2025-03-01', 'ada@example.com', '', 'Behind', '3,100', '2025-03-01 09:15:00'),
    ].join(' ');
    expect(parseCheckinsCell(cell)).toEqual([
      { checkinDate: '2025-02-01', user: 'Ada Lovelace', note: 'Going well; on plan (mostly). Status: fine', status: 'On Track', currentValue: '25%', activityDate: '2025-02-01 09:15:00 UTC' },
      { checkinDate: '2025-03-01', user: 'ada@example.com', note: '', status: 'Behind', currentValue: '3,100', activityDate: '2025-03-01 09:15:00 UTC' },
    ]);
  });

  it('reads an entry with trailing keys missing, and nothing from an empty cell', () => {
    expect(parseCheckinsCell('Checkin Date: 2025-02-01; User: Ada; Note: short')).toEqual([
      { checkinDate: '2025-02-01', user: 'Ada', note: 'short', status: '', currentValue: '', activityDate: '' },
    ]);
    expect(parseCheckinsCell('')).toEqual([]);
  });
});
