/**
 * The startup report printed to stdout once the daemon is ready: where clients and devices connect,
 * each hardware manager's state, and the settings a newcomer would otherwise have to guess.
 */
import type { ManagerStatus } from './managers.ts';

export interface StartupReport {
  readonly version: string;
  readonly serverName: string;
  /** Listening mode: the URLs clients can use. */
  readonly clientUrls?: readonly string[];
  readonly clientAllInterfaces?: boolean;
  /** Dial-out mode: the address the server connects to. */
  readonly dialOutUrl?: string;
  readonly bridge?: { readonly port: number; readonly urls: readonly string[]; readonly allInterfaces: boolean };
  readonly managers: readonly ManagerStatus[];
  readonly maxPingTime: number;
  readonly allowRaw: boolean;
  readonly deviceConfigFile?: string;
  readonly userConfig?: { readonly file: string; readonly missing: boolean };
}

/** The line that ends the report; scripts may wait for it. */
export const READY_LINE = 'Stop with Ctrl-C (SIGINT) or SIGTERM: every device is stopped first.';

export function formatReport(report: StartupReport): string {
  const lines: string[] = [`plugstate ${report.version} is running as "${report.serverName}".`];
  if (report.dialOutUrl !== undefined) {
    lines.push(`Connecting out to ${report.dialOutUrl}; the client there is served (retried every second until it answers).`);
  } else {
    const scope = report.clientAllInterfaces ? 'all interfaces' : 'loopback only';
    lines.push(`Clients can connect to (${scope}):`, ...(report.clientUrls ?? []).map((url) => `  ${url}`));
  }
  if (report.bridge) {
    const scope = report.bridge.allInterfaces ? 'all interfaces' : 'loopback only';
    lines.push(`Device bridge on port ${report.bridge.port} (${scope}); devices connect to:`, ...report.bridge.urls.map((url) => `  ${url}`));
  } else {
    lines.push('Device bridge: off');
  }
  const width = Math.max(...report.managers.map((manager) => manager.label.length)) + 2;
  lines.push('Hardware managers:');
  for (const manager of report.managers) {
    lines.push(`  ${manager.label.padEnd(width)}${manager.on ? 'on' : `off: ${manager.reason ?? 'unknown reason'}`}`);
  }
  lines.push(
    report.maxPingTime > 0
      ? `Ping timeout: ${report.maxPingTime} ms (a client that does not Ping in time has its devices stopped and is disconnected)`
      : 'Ping timeout: off',
  );
  lines.push(
    report.allowRaw
      ? 'Raw messages: allowed (spec v2/v3 clients may write any bytes to any device endpoint)'
      : 'Raw messages: off (--allow-raw turns them on)',
  );
  lines.push(`Device config: ${report.deviceConfigFile ?? 'bundled'}`);
  if (report.userConfig) {
    lines.push(`User device config: ${report.userConfig.file}${report.userConfig.missing ? ' (new; created when a device is added or at exit)' : ''}`);
  } else {
    lines.push('User device config: none (device indexes are kept only while plugstate runs)');
  }
  lines.push(READY_LINE, '');
  return lines.join('\n');
}
