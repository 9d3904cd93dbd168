import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const DEMO = path.join(path.dirname(fileURLToPath(import.meta.url)), 'demo.ts');

/** Runs `npm run demo`'s script on free ports until it has printed its banner; the banner's text. */
async function startDemo(dataDir: string): Promise<{ banner: string; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', DEMO, '--port', '0', '--jira-port', '0', '--jira-dc-port', '0', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const banner = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Press Ctrl+C to stop.')) resolve(output);
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`The demo exited (${code}) before its banner:\n${output}`)));
  });
  return { banner, stop: () => child.kill('SIGTERM') };
}

const basic = (user: string, secret: string) => `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;

describe('npm run demo', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'pacer-demo-'));
  let demo: { banner: string; stop: () => void };
  beforeAll(async () => {
    demo = await startDemo(dataDir);
  }, 120_000);
  afterAll(() => {
    demo?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints the Cloud and Data Center simulators with logins each of them accepts', async () => {
    const cloud = /Jira Cloud at (http:\/\/\S+) /.exec(demo.banner)?.[1];
    const dataCenter = /Jira Data Center at (http:\/\/\S+) /.exec(demo.banner)?.[1];
    expect(cloud, `the banner names the Cloud simulator's address:\n${demo.banner}`).toBeDefined();
    expect(dataCenter, `the banner names the Data Center simulator's address:\n${demo.banner}`).toBeDefined();

    const cloudLogins = [...demo.banner.matchAll(/email (\S+@\S+)\s+API token (\S+)/g)];
    const dcLogins = [...demo.banner.matchAll(/username (\S+)\s+password (\S+)\s+or personal access token (\S+)/g)];
    expect(cloudLogins.length).toBeGreaterThanOrEqual(2);
    expect(dcLogins.length).toBeGreaterThanOrEqual(2);
    for (const [, email, token] of cloudLogins) {
      const status = (await fetch(`${cloud}/rest/api/3/myself`, { headers: { Authorization: basic(email!, token!) } })).status;
      expect(status, `Cloud accepts ${email} with ${token}`).toBe(200);
    }
    for (const [, username, password, pat] of dcLogins) {
      const byPassword = (await fetch(`${dataCenter}/rest/api/2/myself`, { headers: { Authorization: basic(username!, password!) } })).status;
      const byToken = (await fetch(`${dataCenter}/rest/api/2/myself`, { headers: { Authorization: `Bearer ${pat}` } })).status;
      expect([byPassword, byToken], `Data Center accepts ${username}'s password and token`).toEqual([200, 200]);
    }
    // The Cloud logins are not Data Center ones: each simulator checks logins its own way, as Jira does.
    const cloudLoginOnDc = await fetch(`${dataCenter}/rest/api/2/myself`, { headers: { Authorization: basic(cloudLogins[0]![1]!, cloudLogins[0]![2]!) } });
    expect(cloudLoginOnDc.status).toBe(401);
  });
});
