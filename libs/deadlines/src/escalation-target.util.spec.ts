import { escalationTarget, RegionIndex } from './escalation-target.util.js';

const regions = new RegionIndex([
  { code: '100000', level: 'nation', parentCode: null },
  { code: '360000', level: 'province', parentCode: '100000' },
  { code: '360100', level: 'city', parentCode: '360000' },
  { code: '360102', level: 'county', parentCode: '360100' },
]);
const county = { regionCode: '360102', leadUnit: { id: 'unit-1', regionCode: '360100' } };

describe('escalationTarget', () => {
  it('sends each level where SPEC §4 says', () => {
    expect(escalationTarget('leadUnit', county, regions)).toEqual({ regionCode: '360100', unitId: 'unit-1' });
    expect(escalationTarget('region', county, regions)).toEqual({ regionCode: '360102', unitId: null });
    expect(escalationTarget('parentRegion', county, regions)).toEqual({ regionCode: '360100', unitId: null });
    expect(escalationTarget('province', county, regions)).toEqual({ regionCode: '360000', unitId: null });
  });

  it('sends a warning about an unassigned case to its region', () => {
    expect(escalationTarget('leadUnit', { regionCode: '360102', leadUnit: null }, regions)).toEqual({ regionCode: '360102', unitId: null });
  });

  it('keeps a province-level case at its province, and its parent is the nation', () => {
    const provincial = { regionCode: '360000', leadUnit: null };
    expect(escalationTarget('province', provincial, regions).regionCode).toBe('360000');
    expect(escalationTarget('parentRegion', provincial, regions).regionCode).toBe('100000');
  });

  it('falls back to the case region when the tree does not know it', () => {
    const unknown = { regionCode: '999999', leadUnit: null };
    expect(escalationTarget('parentRegion', unknown, regions).regionCode).toBe('999999');
    expect(escalationTarget('province', unknown, regions).regionCode).toBe('999999');
  });
});
