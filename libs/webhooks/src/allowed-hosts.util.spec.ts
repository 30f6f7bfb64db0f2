import { refusalOf } from './allowed-hosts.util.js';

describe('refusalOf (WEBHOOK_ALLOWED_HOSTS)', () => {
  const allowed = ['oapi.dingtalk.com', '127.0.0.1:*', '*.hb.gov.cn', 'oa.example.org:8443'];
  it.each([
    ['https://oapi.dingtalk.com/robot/send?access_token=x', null],
    ['http://127.0.0.1:45678/hook', null],
    ['https://12345.hb.gov.cn/in', null],
    ['https://oa.example.org:8443/x', null],
  ])('%s is allowed', (url, expected) => expect(refusalOf(url, allowed)).toBe(expected));
  it.each([
    'https://oapi.dingtalk.com:8080/robot/send',
    'https://evil.com/?oapi.dingtalk.com',
    'https://oapi.dingtalk.com.evil.com/',
    'https://hb.gov.cn.evil.com/',
    'https://evilhb.gov.cn/',
    'https://oa.example.org/x',
    'ftp://127.0.0.1/x',
    'http://user:pw@127.0.0.1:1/x',
    'not a url',
    'http://localhost:80/',
  ])('%s is refused', (url) => expect(refusalOf(url, allowed)).not.toBeNull());
  it('an empty list refuses everything, and says where to configure it', () => {
    expect(refusalOf('http://127.0.0.1/', [])).toContain('WEBHOOK_ALLOWED_HOSTS');
  });
});
