import { boardUrl, moreLine, renderDigest, renderPresidiumAlert, type AlertLine } from './templates.js';

const line = (i: number, daysOverdue = 3): AlertLine => ({
  taskId: i,
  title: `走访<活动>${i}`,
  label: '2024年6月',
  dueDay: '2024-06-30',
  stage: 'overdue',
  daysOverdue,
  unitName: '单位1',
  ownerName: '责任人1',
  level: 0,
  missingEvidence: ['照片×2'],
});

describe('cut lists in messages', () => {
  it('moreLine says nothing when the list is whole, and the total with the board link when cut', () => {
    expect(moreLine(3, undefined, 'https://ducha.example')).toBeNull();
    expect(moreLine(3, 3, 'https://ducha.example')).toBeNull();
    expect(moreLine(30, 50000, 'https://ducha.example/')).toBe('…等共 50000 项，详见督查看板 https://ducha.example/board');
    expect(moreLine(30, 31, null)).toBe('…等共 31 项，详见督查看板');
    expect(boardUrl(null)).toBeNull();
  });

  it('a cut presidium alert counts the full lists in its subject and ends each cut list with the total and the link', () => {
    const shown = [1, 2, 3].map((i) => line(i));
    const r = renderPresidiumAlert('主席团1', '2024-07-01', shown, [line(9, 8)], 'https://ducha.example', { newlyOverdue: 50000, escalated: 1 });
    expect(r.subject).toBe('【督查日报】2024-07-01：新增逾期 50000 项，升级督办 1 项');
    expect(r.text).toContain('3. 走访<活动>3');
    expect(r.text).not.toContain('4. ');
    // Only the cut list gets the line: the escalated one is whole.
    expect(r.text.match(/…等共/g)).toEqual(['…等共']);
    expect(r.text).toContain('…等共 50000 项，详见督查看板 https://ducha.example/board');
    expect(r.html).toContain('<a href="https://ducha.example/board">');
    expect(r.html).toContain('走访&lt;活动&gt;1');
    expect(r.markdown).toContain('…等共 50000 项');
  });

  it('an uncut alert reads as before: counts of the lines, no total line', () => {
    const r = renderPresidiumAlert('主席团1', '2024-07-01', [line(1)], [], 'https://ducha.example');
    expect(r.subject).toBe('【督查日报】2024-07-01：新增逾期 1 项，升级督办 0 项');
    expect(r.text).not.toContain('…等共');
  });

  it('a cut digest states the total in its subject and the board link after the lines', () => {
    const lines = [line(1), line(2, 0)];
    const cut = renderDigest('责任人1', lines, { catchUp: false, link: 'https://ducha.example', total: 120 });
    expect(cut.subject).toBe('【督查提醒】您有 120 项工作需要办理，含逾期事项');
    expect(cut.text).toContain('…等共 120 项，详见督查看板 https://ducha.example/board');
    expect(cut.html).toContain('<a href="https://ducha.example/board">');
    const whole = renderDigest('责任人1', lines, { catchUp: false, link: 'https://ducha.example', total: 2 });
    expect(whole.subject).toBe('【督查提醒】您有 1 项工作已逾期、1 项即将到期');
    expect(whole.text).not.toContain('…等共');
  });
});
