import { describe, expect, it } from 'vitest';
import { JiraError } from './errors';
import { assertSafeJiraUrl, isLinkLocalOrMetadata, normaliseJiraUrl, UnsafeJiraUrlError } from './url-safety';

async function refusal(url: string, options?: Parameters<typeof assertSafeJiraUrl>[1]): Promise<unknown> {
  try {
    await assertSafeJiraUrl(url, options);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('normaliseJiraUrl', () => {
  it('strips trailing slashes and keeps a context path', () => {
    expect(normaliseJiraUrl('https://acme.atlassian.net/')).toBe('https://acme.atlassian.net');
    expect(normaliseJiraUrl(' http://jira.internal:8080/jira/// ')).toBe('http://jira.internal:8080/jira');
  });

  it.each([
    ['ftp://jira.example.com', 'scheme'],
    ['file:///etc/passwd', 'scheme'],
    ['javascript:alert(1)', 'scheme'],
    ['jira.example.com', 'invalid'],
    ['https://admin:hunter2@jira.example.com', 'credentials'],
    ['https://admin@jira.example.com', 'credentials'],
    ['https://jira.example.com/?token=x', 'invalid'],
  ])('refuses %s (%s)', (url, reason) => {
    expect(() => normaliseJiraUrl(url)).toThrow(UnsafeJiraUrlError);
    try {
      normaliseJiraUrl(url);
    } catch (error) {
      expect((error as UnsafeJiraUrlError).reason).toBe(reason);
      expect((error as Error).message).not.toContain('hunter2');
    }
  });
});

describe('isLinkLocalOrMetadata', () => {
  it.each(['169.254.169.254', '169.254.0.1', 'fe80::1', 'febf::1', 'fd00:ec2::254', '::ffff:169.254.169.254', '[fe80::1]'])(
    'blocks %s',
    (address) => expect(isLinkLocalOrMetadata(address)).toBe(true),
  );
  // Issue 13: other clouds' metadata, and blocked IPv4 addresses written as NAT64, 6to4 and IPv4-compatible IPv6.
  it.each([
    '100.100.100.200',
    '64:ff9b::169.254.169.254',
    '64:ff9b::a9fe:a9fe',
    '[64:ff9b::a9fe:a9fe]',
    '2002:a9fe:a9fe::',
    '2002:a9fe:a9fe:1::5',
    '::169.254.169.254',
    '::a9fe:a9fe',
    '0:0:0:0:0:ffff:a9fe:a9fe',
    '64:ff9b::100.100.100.200',
  ])('blocks %s', (address) => expect(isLinkLocalOrMetadata(address)).toBe(true));
  it.each(['127.0.0.1', '10.0.0.5', '192.168.1.10', '172.16.0.1', '::1', '::', 'fd00:ec2::253', '8.8.8.8', '169.253.255.255', '100.100.100.199', '64:ff9b::808:808', '2002:c0a8:101::1', '2001:db8::a9fe:a9fe'])(
    'allows %s',
    (address) => expect(isLinkLocalOrMetadata(address)).toBe(false),
  );
});

describe('assertSafeJiraUrl', () => {
  it('allows loopback and private addresses (self-hosted Jira lives there)', async () => {
    await expect(assertSafeJiraUrl('http://127.0.0.1:8080/')).resolves.toBe('http://127.0.0.1:8080');
    await expect(assertSafeJiraUrl('http://10.1.2.3/jira')).resolves.toBe('http://10.1.2.3/jira');
    await expect(assertSafeJiraUrl('http://[::1]:8080')).resolves.toBe('http://[::1]:8080');
    await expect(assertSafeJiraUrl('http://localhost:1')).resolves.toBe('http://localhost:1');
  });

  it.each([
    'http://169.254.169.254/latest/meta-data',
    'http://[fd00:ec2::254]/',
    'http://[fe80::1]/',
    'http://[::ffff:169.254.169.254]/',
    // Numeric host forms the URL parser turns into 169.254.169.254.
    'http://2852039166/',
    'http://0xa9.0xfe.0xa9.0xfe/',
  ])('refuses the literal metadata/link-local address %s', async (url) => {
    const error = await refusal(url);
    expect(error).toBeInstanceOf(UnsafeJiraUrlError);
    expect((error as UnsafeJiraUrlError).reason).toBe('link_local');
  });

  it('refuses a name that resolves to a link-local address, checking every address', async () => {
    const lookup = async () => [
      { address: '10.0.0.7', family: 4 },
      { address: '169.254.169.254', family: 4 },
    ];
    const error = await refusal('https://jira.example.com', { lookup });
    expect(error).toBeInstanceOf(UnsafeJiraUrlError);
    expect((error as Error).message).toContain('jira.example.com');
  });

  it('allows link-local when the admin setting says so', async () => {
    await expect(assertSafeJiraUrl('http://169.254.10.10:8080/', { allowLinkLocal: true })).resolves.toBe(
      'http://169.254.10.10:8080',
    );
  });

  it('reports a name that does not resolve as unreachable', async () => {
    const error = await refusal('https://no-such-host.invalid');
    expect(error).toBeInstanceOf(JiraError);
    expect((error as JiraError).code).toBe('unreachable');
  });
});
