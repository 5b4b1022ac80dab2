import { kindFromContent, kindRequiredReason, requirementStatus } from './requirements.js';

describe('the kind of a file uploaded without one', () => {
  it('comes from the content for photos and videos only', () => {
    expect(kindFromContent('image/jpeg')).toBe('照片');
    expect(kindFromContent('image/heic')).toBe('照片');
    expect(kindFromContent('video/mp4')).toBe('视频');
    expect(kindFromContent('application/pdf')).toBeNull();
    expect(kindFromContent('application/vnd.openxmlformats-officedocument.wordprocessingml.document')).toBeNull();
  });

  it('otherwise the refusal names the kinds the item expects (once each), or examples when it expects none', () => {
    expect(kindRequiredReason([{ kind: '会议记录' }, { kind: '照片' }, { kind: ' 会议记录 ' }])).toBe(
      '无法从文件内容判断材料类别，请注明 kind（本事项要求：会议记录、照片）',
    );
    expect(kindRequiredReason([])).toBe('无法从文件内容判断材料类别，请注明 kind（如：会议记录、其他材料）');
  });

  it('an unclassified file would count toward no requirement (why it is refused)', () => {
    expect(requirementStatus([{ kind: '会议记录', min: 1 }], [{ kind: null }])).toEqual([{ kind: '会议记录', min: 1, count: 0, met: false }]);
  });
});
