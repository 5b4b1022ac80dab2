import { contentDisposition, sanitiseFileName } from './file-kind.js';

describe('file names', () => {
  it('refuses names that carry a path or control characters', () => {
    for (const bad of ['../../etc/passwd', '..\\win.ini', '/etc/passwd', 'a/b.jpg', '..', '', 'a\u0000.jpg']) expect(sanitiseFileName(bad).ok).toBe(false);
  });
  it('keeps Chinese names, normalised, with reserved characters replaced', () => {
    expect(sanitiseFileName('  会议记录.pdf ')).toEqual({ ok: true, name: '会议记录.pdf' });
    expect(sanitiseFileName('a<b>:c?.jpg')).toEqual({ ok: true, name: 'a_b__c_.jpg' });
    expect(sanitiseFileName('.htaccess')).toEqual({ ok: true, name: '_htaccess' });
    const long = sanitiseFileName(`${'长'.repeat(300)}.docx`);
    expect(long.ok && long.name.length).toBe(200);
    expect(long.ok && long.name.endsWith('.docx')).toBe(true);
  });
  it('writes Content-Disposition with an ASCII fallback and an RFC 5987 name', () => {
    expect(contentDisposition('签到表 (1).docx')).toBe(`attachment; filename="___ (1).docx"; filename*=UTF-8''%E7%AD%BE%E5%88%B0%E8%A1%A8%20%281%29.docx`);
  });
});
