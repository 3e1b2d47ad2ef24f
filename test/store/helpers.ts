// Alerts for the store and console tests: varied rules, priorities, hosts, containers and processes, each with
// the context the detector captures (process ancestry, user, container, pod), so filters and the detail view
// have something to find.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Alert } from '../../src/outputs/alert.ts';
import type { Priority } from '../../src/rules/priority.ts';
import { contextValues } from '../../src/store/context.ts';
import type { AlertStoreSettings } from '../../src/store/settings.ts';
import { AlertStoreWriter } from '../../src/store/writer.ts';

export const BASE_NS = 1_764_000_000_000_000_000n; // 2025-11-24T16:00:00Z

export interface AlertSpec {
  readonly rule?: string;
  readonly priority?: Priority;
  readonly host?: string;
  /** '' for the host */
  readonly container?: string;
  readonly image?: string;
  readonly proc?: string;
  readonly cmdline?: string;
  /** Seconds after BASE_NS. */
  readonly at?: number;
}

export function storeAlert(i: number, s: AlertSpec = {}): Alert {
  const time = BASE_NS + BigInt(Math.round((s.at ?? i) * 1e9)) + BigInt(i);
  const proc = s.proc ?? 'cat';
  const cmdline = s.cmdline ?? `${proc} /etc/shadow-${i}`;
  const container = s.container ?? '';
  const [repo, tag] = (s.image ?? (container === '' ? '' : 'nginx:1.27')).split(':');
  const priority = s.priority ?? 'Warning';
  const rule = s.rule ?? 'Read sensitive file';
  const message = `Sensitive file opened (file=/etc/shadow-${i} command=${cmdline} container_id=${container || 'host'})`;
  return {
    time,
    rule,
    priority,
    source: 'syscall',
    tags: ['filesystem', 'mitre_credential_access'],
    output: `16:00:00.000000000: ${priority} ${message}`,
    message,
    outputFields: {
      'evt.time': time,
      'fd.name': `/etc/shadow-${i}`,
      'proc.cmdline': cmdline,
      'proc.name': proc,
      'container.id': container === '' ? 'host' : container,
    },
    hostname: s.host ?? 'web-1',
    context: contextValues({
      'evt.type': 'openat',
      'proc.pid': 4000 + i,
      'proc.name': proc,
      'proc.exepath': `/usr/bin/${proc}`,
      'proc.cmdline': cmdline,
      'proc.cwd': '/root/',
      'user.name': 'root',
      'user.uid': 0,
      'proc.apid[1]': 3000 + i,
      'proc.aname[1]': 'bash',
      'proc.acmdline[1]': 'bash -i',
      'proc.apid[2]': 2000,
      'proc.aname[2]': 'sshd',
      'proc.acmdline[2]': 'sshd: root@pts/0',
      'proc.apid[3]': 1,
      'proc.aname[3]': 'systemd',
      'proc.acmdline[3]': 'systemd --system',
      'proc.apid[4]': null,
      'proc.aname[4]': null,
      'proc.acmdline[4]': null,
      'container.id': container === '' ? 'host' : container,
      'container.name': container === '' ? 'host' : `web-${container.slice(0, 4)}`,
      'container.image.repository': repo ?? '',
      'container.image.tag': tag ?? '',
      'k8s.ns.name': container === '' ? null : 'shop',
      'k8s.pod.name': container === '' ? null : `frontend-${container.slice(0, 4)}`,
    }),
  };
}

export function tempStore(name = 'alerts.db'): { dir: string; settings: AlertStoreSettings } {
  const dir = mkdtempSync(join(tmpdir(), 'peregrine-store-'));
  return { dir, settings: { path: join(dir, name), maxAgeMs: 0, maxRows: 0 } };
}

/** A store holding these alerts (one transaction), closed. */
export function storeWith(alerts: readonly Alert[], name?: string): { dir: string; path: string } {
  const { dir, settings } = tempStore(name);
  const w = AlertStoreWriter.open(settings);
  w.insert(alerts);
  w.close();
  return { dir, path: settings.path };
}
