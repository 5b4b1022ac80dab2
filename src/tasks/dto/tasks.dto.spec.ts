import { createValidationPipe } from '../../common/validation.js';
import { ListTasksQuery } from './tasks.dto.js';

const parse = (query: Record<string, string>) => createValidationPipe().transform(query, { type: 'query', metatype: ListTasksQuery });

describe('ListTasksQuery booleans', () => {
  it('reads overdue strictly: true/1 are true, false/0 are false', async () => {
    expect(await parse({ overdue: 'true' })).toMatchObject({ overdue: true });
    expect(await parse({ overdue: '1' })).toMatchObject({ overdue: true });
    expect(await parse({ overdue: 'false' })).toMatchObject({ overdue: false });
    expect(await parse({ overdue: '0' })).toMatchObject({ overdue: false });
  });
  it('refuses anything else with 422 keyed by the field', async () => {
    for (const v of ['yes', 'no', 'TRUE', '', 'null', '2']) {
      await expect(parse({ overdue: v })).rejects.toMatchObject({ status: 422, errors: { overdue: [expect.stringContaining('true')] } });
    }
  });
});
