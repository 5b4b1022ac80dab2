import { classifyHttp, classifySmtp, PermanentDeliveryError } from './classify.js';

describe('delivery failure classifier', () => {
  it('SMTP: 5xx permanent, 4xx and network errors temporary, a refused envelope permanent', () => {
    expect(classifySmtp(Object.assign(new Error('550 no such user'), { responseCode: 550 }))).toBe('permanent');
    expect(classifySmtp(Object.assign(new Error('554 rejected'), { responseCode: 554 }))).toBe('permanent');
    expect(classifySmtp(Object.assign(new Error('451 try later'), { responseCode: 451 }))).toBe('temporary');
    expect(classifySmtp(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNECTION' }))).toBe('temporary');
    expect(classifySmtp(Object.assign(new Error('No recipients defined'), { code: 'EENVELOPE' }))).toBe('permanent');
    expect(classifySmtp(new PermanentDeliveryError('没有邮箱'))).toBe('permanent');
  });

  it('HTTP: 4xx permanent but 408/425/429, 5xx and no response temporary', () => {
    expect(classifyHttp(404)).toBe('permanent');
    expect(classifyHttp(400)).toBe('permanent');
    expect(classifyHttp(429)).toBe('temporary');
    expect(classifyHttp(408)).toBe('temporary');
    expect(classifyHttp(503)).toBe('temporary');
    expect(classifyHttp(null)).toBe('temporary');
  });
});
