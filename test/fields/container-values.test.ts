import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  bindContainerValue,
  type ContainerEventAccess,
  type ContainerValue,
  HOST,
  isRuntimeMetadataField,
} from '../../src/fields/extract/container-values.ts';
import { isBindError } from '../../src/fields/types.ts';
import { type ContainerInfo, partialInfo } from '../../src/state/containers/model.ts';

const FULL = '697956520d891b5cb0e215093970c733549a3f745f52263c05b37f8a488994f3';
const SANDBOX = 'aaaabbbbcccc0d891b5cb0e215093970c733549a3f745f52263c05b37f8a4889';

interface Evt {
  c: ContainerInfo | typeof HOST;
  ts: bigint;
  pidnsStart: bigint;
}

const sandboxInfo: ContainerInfo = {
  ...partialInfo('docker', SANDBOX, SANDBOX.slice(0, 12)),
  partial: false,
  isPodSandbox: true,
  podSandboxId: SANDBOX,
  ip: '10.0.0.7',
  podSandboxLabels: new Map([
    ['app', 'web'],
    ['tier', 'front'],
  ]),
};

const access: ContainerEventAccess<Evt> = {
  container: (e) => e.c,
  pidnsInitStartTs: (e) => e.pidnsStart,
  ts: (e) => e.ts,
  lookup: (_e, id) => (id === SANDBOX.slice(0, 12) ? sandboxInfo : undefined),
};

// fnmatch with no flags, enough for these tests (the real one comes from the rules compiler)
const glob = (p: string) => {
  const re = new RegExp(
    `^${p
      .replace(/[.+^${}()|\\]/g, '\\$&')
      .replaceAll('*', '.*')
      .replaceAll('?', '.')}$`,
  );
  return (s: string) => re.test(s);
};

function value(name: string, e: Evt, raw?: string): unknown {
  const arg = raw === undefined ? undefined : { raw, ...(/^\d+$/.test(raw) ? { index: Number(raw) } : {}) };
  const fn = bindContainerValue(name, arg, access, glob);
  assert.ok(fn !== undefined && !isBindError(fn), `${name} binds`);
  return (fn as ContainerValue<Evt>)(e.c, e);
}

const web: ContainerInfo = {
  ...partialInfo('docker', FULL, FULL.slice(0, 12)),
  partial: false,
  name: 'web',
  image: 'nginx:1.25',
  imageId: 'f68d6e55e065',
  imageRepository: 'nginx',
  imageTag: '1.25',
  imageDigest: 'sha256:96fb',
  privileged: true,
  hostNetwork: true,
  ip: '',
  startedAtNs: 1_000_000_000n,
  initPid: 0,
  mounts: [
    {
      source: '/var/run/docker.sock',
      dest: '/host/var/run/docker.sock',
      mode: '',
      rdwr: true,
      propagation: 'rprivate',
    },
    { source: '/proc', dest: '/host/proc', mode: 'ro', rdwr: false, propagation: 'rprivate' },
  ],
  labels: new Map([
    ['maintainer', 'me'],
    ['empty', ''],
    ['io.kubernetes.pod.name', 'web-0'],
    ['io.kubernetes.pod.namespace', 'shop'],
    ['io.kubernetes.pod.uid', '3e41dc6b-08a8-44db-bc2a-3724b18ab19a'],
    ['io.kubernetes.sandbox.id', SANDBOX],
  ]),
  podSandboxId: SANDBOX,
  probes: [{ kind: 'healthcheck', exe: '/bin/sh', args: ['-c', 'curl -f localhost'] }],
};
const e = (c: ContainerInfo | typeof HOST, pidnsStart = 0n): Evt => ({ c, ts: 5_000_000_000n, pidnsStart });

describe('a known container', () => {
  const cases: [string, string | undefined, unknown][] = [
    ['container.id', undefined, FULL.slice(0, 12)],
    ['container.full_id', undefined, FULL],
    ['container.type', undefined, 'docker'],
    ['container.name', undefined, 'web'],
    ['container.image', undefined, 'nginx:1.25'],
    ['container.image.id', undefined, 'f68d6e55e065'],
    ['container.image.repository', undefined, 'nginx'],
    ['container.image.tag', undefined, '1.25'],
    ['container.image.digest', undefined, 'sha256:96fb'],
    ['container.privileged', undefined, true],
    ['container.host_network', undefined, true],
    ['container.host_pid', undefined, false],
    [
      'container.mounts',
      undefined,
      '/var/run/docker.sock:/host/var/run/docker.sock::true:rprivate,/proc:/host/proc:ro:false:rprivate',
    ],
    ['container.mount', '1', '/proc:/host/proc:ro:false:rprivate'],
    ['container.mount', '2', null],
    ['container.mount', '/proc*', '/proc:/host/proc:ro:false:rprivate'],
    ['container.mount.dest', '/var/run/docker.sock', '/host/var/run/docker.sock'],
    ['container.mount.dest', '/etc', null],
    ['container.mount.source', '/host/proc', '/proc'],
    ['container.mount.mode', '/proc', 'ro'],
    ['container.mount.rdwr', '0', 'true'],
    ['container.mount.propagation', '0', 'rprivate'],
    ['container.label', 'maintainer', 'me'],
    ['container.label', 'absent', null],
    ['container.labels', undefined, 'empty, maintainer:me'],
    ['container.healthcheck', undefined, '/bin/sh -c curl -f localhost'],
    ['container.liveness_probe', undefined, null],
    ['container.start_ts', undefined, 1_000_000_000n],
    ['container.duration', undefined, 4_000_000_000],
    ['k8s.pod.name', undefined, 'web-0'],
    ['k8s.ns.name', undefined, 'shop'],
    ['k8s.pod.uid', undefined, '3e41dc6b-08a8-44db-bc2a-3724b18ab19a'],
    ['k8s.pod.id', undefined, '3e41dc6b-08a8-44db-bc2a-3724b18ab19a'],
    ['k8s.pod.sandbox_id', undefined, SANDBOX.slice(0, 12)],
    ['k8s.pod.full_sandbox_id', undefined, SANDBOX],
    ['k8s.pod.label', 'app', 'web'],
    ['k8s.pod.labels', undefined, 'app:web, tier:front'],
    ['k8s.pod.ip', undefined, '10.0.0.7'],
    ['k8s.deployment.name', undefined, null],
  ];
  for (const [name, arg, expected] of cases) {
    test(`${name}${arg === undefined ? '' : `[${arg}]`}`, () => assert.deepEqual(value(name, e(web), arg), expected));
  }

  test('container.start_ts prefers the kernel’s pidns init start time', () => {
    assert.equal(value('container.start_ts', e(web, 2_000_000_000n)), 2_000_000_000n);
    assert.equal(value('container.duration', e(web, 2_000_000_000n)), 3_000_000_000);
  });
});

describe('the host', () => {
  const cases: [string, string | undefined, unknown][] = [
    ['container.id', undefined, 'host'],
    ['container.full_id', undefined, 'host'],
    ['container.name', undefined, 'host'],
    ['container.type', undefined, 'host'],
    ['container.image', undefined, ''],
    ['container.image.repository', undefined, ''],
    ['container.privileged', undefined, false],
    ['container.mounts', undefined, ''],
    ['container.mount.dest', '/proc*', null],
    ['container.start_ts', undefined, null],
    ['k8s.pod.name', undefined, null],
    ['k8s.ns.name', undefined, null],
  ];
  for (const [name, arg, expected] of cases) {
    test(`${name}${arg === undefined ? '' : `[${arg}]`}`, () => assert.deepEqual(value(name, e(HOST), arg), expected));
  }
});

describe('a container whose metadata is not known', () => {
  const partial = partialInfo('podman', FULL, FULL.slice(0, 12));
  test('id, full_id and type come from its cgroup', () => {
    assert.equal(value('container.id', e(partial)), FULL.slice(0, 12));
    assert.equal(value('container.full_id', e(partial)), FULL);
    assert.equal(value('container.type', e(partial)), 'podman');
  });
  test('runtime fields are null, never a guess', () => {
    for (const name of [
      'container.name',
      'container.image',
      'container.privileged',
      'container.mounts',
      'k8s.pod.name',
    ]) {
      assert.equal(value(name, e(partial)), null, name);
    }
    assert.equal(value('container.mount.dest', e(partial), '/proc'), null);
  });
});

test('runtime metadata fields are the ones an alert may wait for', () => {
  for (const f of [
    'container.name',
    'container.image',
    'container.mount.dest',
    'k8s.pod.name',
    'container.privileged',
  ]) {
    assert.equal(isRuntimeMetadataField(f), true, f);
  }
  for (const f of [
    'container.id',
    'container.type',
    'container.full_id',
    'container.start_ts',
    'proc.name',
    'evt.type',
  ]) {
    assert.equal(isRuntimeMetadataField(f), false, f);
  }
});

test('arguments: required ones are checked at bind time', () => {
  for (const name of ['container.mount', 'container.mount.dest', 'container.label', 'k8s.pod.label']) {
    const r = bindContainerValue(name, undefined, access, glob);
    assert.ok(r !== undefined && isBindError(r), name);
  }
  assert.equal(bindContainerValue('proc.name', undefined, access, glob), undefined);
});
