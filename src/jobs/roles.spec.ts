import { effectiveRoles, parseRoles } from './roles.js';

describe('process roles', () => {
  it('parses a comma list in any case and order, reporting unknown names', () => {
    expect(parseRoles('Worker, api')).toEqual({ roles: ['api', 'worker'], unknown: [] });
    expect(parseRoles('api,wrker')).toEqual({ roles: ['api'], unknown: ['wrker'] });
    expect(parseRoles('')).toEqual({ roles: [], unknown: [] });
  });

  it('drops the worker for the deprecated supervision.workers: false and the scheduler for scheduler.enabled: false', () => {
    expect(effectiveRoles(['api', 'worker', 'scheduler'], {})).toEqual(['api', 'worker', 'scheduler']);
    expect(effectiveRoles(['api', 'worker', 'scheduler'], { workers: false })).toEqual(['api', 'scheduler']);
    expect(effectiveRoles(['api', 'worker', 'scheduler'], { schedulerEnabled: false })).toEqual(['api', 'worker']);
    expect(effectiveRoles(['worker'], { workers: true, schedulerEnabled: true })).toEqual(['worker']);
  });
});
