/**
 * What `npm run demo` prints about its Jira simulators: each one's address and the logins it
 * accepts, as Jira would (Cloud: email + API token; Data Center: username + password, or a personal
 * access token). Read from the simulator's own users, so the printed logins are the ones it checks;
 * with them an admin can add a second connection in Admin > Integrations without reading the source.
 * These credentials exist only in the simulator.
 */
import type { DeploymentMode, SimUser } from '../jira-sim/src/model';

export interface DemoSimulator {
  mode: DeploymentMode;
  url: string;
  users: readonly SimUser[];
  /** The Pacer connection already made to it, if any ("Demo Jira"). */
  connectedAs?: string;
}

/** Users shown per simulator: enough for a second login, few enough to read. */
const USERS_SHOWN = 3;

function userLine(mode: DeploymentMode, user: SimUser): string {
  if (mode === 'cloud') return `    email ${user.emailAddress.padEnd(20)} API token ${user.apiToken.padEnd(22)} (${user.displayName})`;
  const pat = user.personalAccessTokens[0];
  const token = pat ? `  or personal access token ${pat}` : '';
  return `    username ${user.name.padEnd(7)} password ${user.password.padEnd(16)}${token} (${user.displayName})`;
}

/** The lines to print, one block per simulator. */
export function simulatorCredentialLines(simulators: readonly DemoSimulator[]): string[] {
  const lines = ['Jira simulators (simulator-only logins; add a connection in Admin > Integrations > Jira > New connection):'];
  for (const sim of simulators) {
    const kind = sim.mode === 'cloud' ? 'Cloud' : 'Data Center';
    const how = sim.mode === 'cloud' ? 'authentication "Password or API token": email + API token' : 'authentication "Password or API token": username + password, or "Personal access token"';
    const connected = sim.connectedAs ? `, already connected as "${sim.connectedAs}"` : '';
    lines.push(`  Jira ${kind} at ${sim.url} (${how}${connected})`);
    for (const user of sim.users.filter((candidate) => candidate.active).slice(0, USERS_SHOWN)) lines.push(userLine(sim.mode, user));
  }
  return lines;
}
