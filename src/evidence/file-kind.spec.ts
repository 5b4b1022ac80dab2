import { contentDisposition, officePartsProblem, sanitiseFileName } from './file-kind.js';

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

describe('hostile file names (#13)', () => {
  it('refuses bidi controls that disguise an extension', () => {
    for (const bad of ['invoice\u202Egpj.exe', 'a\u202Ab.jpg', 'a\u2066b.jpg', 'a\u2069.jpg', '\u200Fphoto.jpg', '\u200Ephoto.jpg', 'x\u061C.jpg']) {
      const r = sanitiseFileName(bad);
      expect(r.ok).toBe(false);
      expect(!r.ok && r.reason).toContain('方向控制');
    }
  });
  it('refuses CR, LF, C1 controls and line separators inside a name', () => {
    for (const bad of ['a\r\nX-Injected: 1.jpg', 'a\nb.jpg', 'a\u0085b.jpg', 'a\u2028b.jpg']) expect(sanitiseFileName(bad).ok).toBe(false);
  });
  it('never lets CR/LF or any control into Content-Disposition, even from a stored name', () => {
    const header = contentDisposition('evil\r\nSet-Cookie: x=1\u2028.jpg');
    expect(header).not.toMatch(/[\u0000-\u001f\u007f-\uffff]/);
    expect(header).toContain("filename*=UTF-8''evil%0D%0ASet-Cookie%3A%20x%3D1%E2%80%A8.jpg");
  });
});

describe('Office containers (#13)', () => {
  it('need their format’s parts', () => {
    expect(officePartsProblem('docx', ['[Content_Types].xml', '_rels/.rels', 'word/document.xml'])).toBeNull();
    expect(officePartsProblem('xlsx', ['[Content_Types].xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml'])).toBeNull();
    expect(officePartsProblem('pptx', ['[Content_Types].xml', 'ppt/presentation.xml'])).toBeNull();
    expect(officePartsProblem('docx', ['[Content_Types].xml', 'setup.exe'])).toContain('word/document.xml');
    expect(officePartsProblem('xlsx', ['xl/workbook.xml'])).toContain('[Content_Types].xml');
    expect(officePartsProblem('pptx', ['[Content_Types].xml', 'ppt/slides/slide1.xml'])).toContain('ppt/presentation.xml');
  });
  it('refuse an executable entry even beside the right parts', () => {
    expect(officePartsProblem('docx', ['[Content_Types].xml', 'word/document.xml', 'word/media/run.EXE'])).toContain('可执行');
  });
  it('do not apply to other types', () => {
    expect(officePartsProblem('pdf', [])).toBeNull();
  });
});
