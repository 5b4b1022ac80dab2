import { formatDay, mentionsPresidium, renderDigest, renderPresidiumAlert, truncateBytes, type TaskLine } from './templates.js';

const BASE = 'https://ducha.town.gov.cn';
const line = (over: Partial<TaskLine> = {}): TaskLine => ({
  taskId: 7,
  title: '开展一次廉政风险防控建设专题教育活动',
  label: '2024年3月',
  dueDay: '2024-03-29',
  stage: 'before-1',
  role: 'owner',
  daysOverdue: 0,
  daysLeft: 1,
  ownerName: '张三',
  unitName: '镇党政办',
  missingEvidence: ['会议记录', '照片×2'],
  headTold: true,
  presidiumTold: true,
  url: `${BASE}/tasks/7`,
  ...over,
});
const board = `${BASE}/board`;

describe('formatDay / truncateBytes', () => {
  it('shows a local day with its weekday', () => {
    expect(formatDay('2024-03-29')).toBe('2024年3月29日（周五）');
    expect(formatDay('2025-01-01')).toBe('2025年1月1日（周三）');
  });
  it('cuts on a character boundary within the byte limit', () => {
    const cut = truncateBytes('督'.repeat(200), 512);
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(512);
    expect(cut.endsWith('…')).toBe(true);
    expect(truncateBytes('短', 512)).toBe('短');
  });
});

describe('owner digest', () => {
  it('names title, period, local due day, days left, missing evidence and the task link', () => {
    const r = renderDigest({ name: '张三', lines: [line()], catchUp: false, boardUrl: board });
    expect(r.subject).toBe('【督查提醒】开展一次廉政风险防控建设专题教育活动（2024年3月）3月29日到期');
    for (const form of [r.text, r.html, r.markdown]) {
      expect(form).toContain('开展一次廉政风险防控建设专题教育活动（2024年3月）');
      expect(form).toContain('2024年3月29日（周五）');
      expect(form).toContain('还有 1 个工作日到期');
      expect(form).toContain('尚缺佐证：会议记录、照片×2');
      expect(form).toContain(`${BASE}/tasks/7`);
      expect(form).not.toContain('补发');
    }
    expect(r.text).toContain('请在截止前上传尚缺的佐证材料并提交审核');
    expect(r.card).toMatchObject({ url: `${BASE}/tasks/7`, button: '去办理' });
    expect(Buffer.byteLength(r.card.description)).toBeLessThanOrEqual(512);
    expect(Buffer.byteLength(r.card.title)).toBeLessThanOrEqual(128);
  });

  it('says 已告知责任单位负责人 only when a head was told, and 补发 only after downtime', () => {
    const told = renderDigest({ name: '张三', lines: [line({ stage: 'escalate-1', daysOverdue: 5 })], catchUp: false, boardUrl: board });
    expect(told.text).toContain('已逾期 5 天，已告知责任单位负责人');
    const noHead = renderDigest({ name: '张三', lines: [line({ stage: 'escalate-1', daysOverdue: 5, headTold: false })], catchUp: false, boardUrl: board });
    expect(noHead.text).toContain('已逾期 5 天');
    expect(noHead.text).not.toContain('已告知');
    const late = renderDigest({ name: '张三', lines: [line()], catchUp: true, boardUrl: board });
    expect(late.text).toContain('督查系统曾中断运行');
    expect(late.text).toContain('补发');
  });

  it('escapes user text in HTML and card', () => {
    const r = renderDigest({ name: '<b>张三</b>', lines: [line({ title: '<script>x</script>' })], catchUp: false, boardUrl: board });
    expect(r.html).not.toContain('<script>');
    expect(r.html).toContain('&lt;script&gt;');
    expect(r.card.description).not.toContain('<script>');
  });

  it('shows the first N lines and 共M项 when given a cut list', () => {
    const lines = [1, 2, 3].map((i) => line({ taskId: i, url: `${BASE}/tasks/${i}`, daysOverdue: i, stage: 'overdue' }));
    const r = renderDigest({ name: '张三', lines, catchUp: false, boardUrl: board, total: 40 });
    expect(r.text).toContain('以上为前 3 项，共 40 项');
    expect(r.text).toContain(board);
    expect(r.card.description).toContain('共 40 项');
  });
});

describe('unit head digest', () => {
  it('names each owner and asks to urge, not to upload', () => {
    const lines = [
      line({ role: 'unitHead', stage: 'escalate-1', daysOverdue: 3, ownerName: '赵六' }),
      line({ taskId: 8, role: 'unitHead', stage: 'escalate-1', daysOverdue: 4, ownerName: '钱七', url: `${BASE}/tasks/8` }),
    ];
    const r = renderDigest({ name: '李四', lines, catchUp: false, boardUrl: board });
    expect(r.subject).toBe('【督办提醒】本单位 2 项工作已逾期，请督促办理');
    expect(r.text).toContain('责任人：赵六（镇党政办）');
    expect(r.text).toContain('责任人：钱七（镇党政办）');
    expect(r.text).toContain('请督促办理：https://ducha.town.gov.cn/tasks/8');
    expect(r.text).toContain('请督促以上责任人尽快办理');
    expect(r.text).not.toContain('上传');
    expect(r.text).not.toContain('已告知责任单位负责人');
    expect(r.card.url).toBe(board);
    expect(r.card.description).not.toContain('尚缺佐证'); // two tasks: which one's would it be
  });

  it('a card about one task names its owner, due day and what is missing, and links to it', () => {
    const r = renderDigest({
      name: '李四',
      lines: [line({ role: 'unitHead', stage: 'escalate-1', daysOverdue: 3, ownerName: '赵六' })],
      catchUp: false,
      boardUrl: board,
    });
    expect(r.card.url).toBe(`${BASE}/tasks/7`);
    expect(r.card.description).toContain('2024年3月29日（周五） 截止');
    expect(r.card.description).toContain('赵六');
    expect(r.card.description).toContain('尚缺佐证：会议记录、照片×2');
    expect(r.card.description).not.toContain('上传');
  });
});

describe('mentionsPresidium (when delivery must look the presidium up)', () => {
  it('is true exactly for the lines that can say 已报主席团督办', () => {
    expect(mentionsPresidium('escalate-2', 'owner')).toBe(true);
    expect(mentionsPresidium('escalate-2', 'unitHead')).toBe(true);
    expect(mentionsPresidium('escalate-2', 'presidium')).toBe(false);
    expect(mentionsPresidium('escalate-1', 'owner')).toBe(false);
    expect(mentionsPresidium('overdue', 'owner')).toBe(false);
    const told = renderDigest({ name: '张三', lines: [line({ stage: 'escalate-2', daysOverdue: 8, daysLeft: 0 })], catchUp: false, boardUrl: board });
    expect(told.text).toContain('已报主席团督办');
    const other = renderDigest({
      name: '张三',
      lines: [line({ stage: 'escalate-1', daysOverdue: 8, daysLeft: 0, headTold: false })],
      catchUp: false,
      boardUrl: board,
    });
    expect(other.text).not.toContain('主席团');
  });
});

describe('presidium alert', () => {
  it('names owner and unit, days overdue and missing evidence, and links to the board', () => {
    const l = line({ role: 'presidium', stage: 'escalate-2', daysOverdue: 6 });
    const r = renderPresidiumAlert({ name: '王五', day: '2024-04-03', newlyOverdue: [], escalated: [l], boardUrl: board });
    expect(r.subject).toBe('【督查日报】2024-04-03：新增逾期 0 项，升级督办 1 项');
    for (const form of [r.text, r.html, r.markdown]) {
      expect(form).toContain('张三');
      expect(form).toContain('镇党政办');
      expect(form).toContain('会议记录、照片×2');
      expect(form).toContain(board);
    }
    expect(r.text).toContain('已逾期 6 天');
    expect(r.text).not.toContain('已报主席团');
    expect(r.card).toMatchObject({ url: board, button: '去办理' });
  });
  it('shows totals of cut lists', () => {
    const l = line({ role: 'presidium', stage: 'overdue', daysOverdue: 1 });
    const r = renderPresidiumAlert({
      name: '王五',
      day: '2024-04-03',
      newlyOverdue: [l],
      escalated: [],
      boardUrl: board,
      totals: { newlyOverdue: 25, escalated: 0 },
    });
    expect(r.subject).toBe('【督查日报】2024-04-03：新增逾期 25 项，升级督办 0 项');
    expect(r.text).toContain('以上为前 1 项，共 25 项');
  });
});
