import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  type CgroupContainer,
  cgroupPath,
  containerFromCgroupPath,
  containerFromCgroups,
} from '../../src/state/containers/cgroup-id.ts';

const ID = '697956520d891b5cb0e215093970c733549a3f745f52263c05b37f8a488994f3';
const ID2 = '3ad7b26ded6d8e7b23da7d48fe889434573036c27ae5a74837233de441c3601e';
const POD = 'pod3e41dc6b_08a8_44db_bc2a_3724b18ab19a';

function c(type: CgroupContainer['type'], fullId: string, id = fullId.slice(0, 12)): CgroupContainer {
  return { type, fullId, id };
}

// [what it is, cgroup path, expected]
const PATHS: readonly [string, string, CgroupContainer | null][] = [
  // docker
  ['docker, cgroupfs driver', `/docker/${ID}`, c('docker', ID)],
  ['docker, systemd driver', `/system.slice/docker-${ID}.scope`, c('docker', ID)],
  ['docker in docker: the innermost container', `/docker/${ID2}/docker/${ID}`, c('docker', ID)],
  ['docker with a custom --cgroup-parent', `/ci-jobs/${ID}`, c('docker', ID)],
  ['docker id in upper case is normalised', `/docker/${ID.toUpperCase()}`, c('docker', ID)],
  [
    'rootless docker, systemd driver',
    `/user.slice/user-1000.slice/user@1000.service/user.slice/docker-${ID}.scope`,
    c('docker', ID),
  ],
  [
    'rootless docker, cgroupfs driver',
    `/user.slice/user-1000.slice/user@1000.service/docker.service/docker/${ID}`,
    c('docker', ID),
  ],
  [
    'cri-dockerd under kubepods (systemd)',
    `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-${POD}.slice/docker-${ID}.scope`,
    c('docker', ID),
  ],
  // containerd
  [
    'containerd CRI, systemd driver',
    `/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-${POD}.slice/cri-containerd-${ID}.scope`,
    c('containerd', ID),
  ],
  [
    'containerd CRI without SystemdCgroup',
    `/kubepods-besteffort-${POD}.slice:cri-containerd:${ID}`,
    c('containerd', ID),
  ],
  [
    'containerd CRI without SystemdCgroup, nested',
    `/system.slice/containerd.service/kubepods-besteffort-${POD}.slice:cri-containerd:${ID}`,
    c('containerd', ID),
  ],
  ['nerdctl, systemd driver', `/system.slice/nerdctl-${ID}.scope`, c('containerd', ID)],
  [
    'ctr, cgroupfs, default namespace, named container',
    '/default/redis-server',
    c('containerd', 'redis-server', 'redis-server'),
  ],
  [
    'ctr, cgroupfs, default namespace, long name cut to 12',
    '/default/my.long_container-name',
    c('containerd', 'my.long_container-name', 'my.long_cont'),
  ],
  ['containerd k8s.io namespace', `/k8s.io/${ID}`, c('containerd', ID)],
  ['moby namespace', `/moby/${ID}`, c('containerd', ID)],
  // Kubernetes, cgroupfs driver: runtime unknown
  ['kubepods, cgroupfs driver', `/kubepods/besteffort/${POD.replaceAll('_', '-')}/${ID}`, c('cri', ID)],
  ['kubepods guaranteed, cgroupfs driver', `/kubepods/pod0d2ea0e6-37c4-4d5b-9a7e-44a1d8ed9d5e/${ID}`, c('cri', ID)],
  // cri-o
  [
    'cri-o, systemd driver',
    `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-${POD}.slice/crio-${ID}.scope`,
    c('cri-o', ID),
  ],
  ['cri-o, cgroupfs driver', `/kubepods/burstable/${POD}/crio-${ID}`, c('cri-o', ID)],
  [
    'cri-o conmon is on the host',
    `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-${POD}.slice/crio-conmon-${ID}.scope`,
    null,
  ],
  // podman
  ['podman root, systemd', `/machine.slice/libpod-${ID}.scope`, c('podman', ID)],
  ['podman root, cgroup v2 split', `/machine.slice/libpod-${ID}.scope/container`, c('podman', ID)],
  ['podman, cgroupfs (alpine)', `/libpod_parent/libpod-${ID}`, c('podman', ID)],
  ['podman payload layout', `/machine.slice/libpod-payload-${ID}.scope`, c('podman', ID)],
  ['podman payload layout, split', `/machine.slice/libpod-payload-${ID}.scope/container`, c('podman', ID)],
  ['podman conmon is on the host', `/machine.slice/libpod-conmon-${ID}.scope`, null],
  [
    'rootless podman',
    `/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-${ID}.scope/container`,
    c('podman', ID),
  ],
  [
    'rootless podman, older layout',
    `/user.slice/user-1000.slice/user@1000.service/user.slice/podman-4242.scope/${ID}`,
    c('podman', ID),
  ],
  ['rootless podman as a service', `/user.slice/user-1000.slice/user@1000.service/web.service/${ID}`, c('podman', ID)],
  // other engines Falco knows
  ['lxc', '/lxc/web01', c('lxc', 'web01', 'web01')],
  ['lxc, systemd', '/lxc.payload/web01/init.scope', c('lxc', 'web01', 'web01')],
  ['lxc 4.0', '/lxc.payload.web01', c('lxc', 'web01', 'web01')],
  ['libvirt-lxc', '/machine/web01.libvirt-lxc', c('libvirt-lxc', 'web01', 'web01')],
  [
    'libvirt-lxc, systemd',
    '/machine.slice/machine-lxc\\x2d2293906\\x2dweb01.scope',
    c('libvirt-lxc', '2293906\\x2dweb01', '2293906\\x2dweb01'),
  ],
  [
    'libvirt-lxc, systemd, /libvirt',
    '/machine.slice/machine-lxc\\x2d2293906\\x2dweb01.scope/libvirt',
    c('libvirt-lxc', '2293906\\x2dweb01', '2293906\\x2dweb01'),
  ],
  ['libvirt-lxc, legacy', '/libvirt/lxc/web01', c('libvirt-lxc', 'web01', 'web01')],
  ['bpm', '/bpm-job_web.01.scope', c('bpm', 'job_web.01', 'job_web.01')],
  // host
  ['root cgroup', '/', null],
  ['systemd init', '/init.scope', null],
  ['systemd service', '/system.slice/docker.service', null],
  ['containerd itself', '/system.slice/containerd.service', null],
  ['a login session', '/user.slice/user-0.slice/session-3.scope', null],
  ['a user service', '/user.slice/user-1000.slice/user@1000.service/app.slice/dbus.service', null],
  ['kubelet', '/kubepods.slice', null],
  [
    'a pod slice without a container',
    `/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-${POD}.slice`,
    null,
  ],
  ['a two-level cgroup that is not a containerd namespace', '/process_api/53f499bc96e391e15cace1398b529915', null],
  ['a 63-digit id is no id', `/docker/${ID.slice(1)}`, null],
  ['a 65-digit id is no id', `/docker/${ID}a`, null],
  ['non-hex 64 characters', `/docker/${'g'.repeat(64)}`, null],
  ['docker-<id> without .scope', `/system.slice/docker-${ID}`, null],
  ['an empty containerd name', '/default/', null],
];

describe('containerFromCgroupPath', () => {
  for (const [what, path, expected] of PATHS) {
    test(`${what}: ${path}`, () => {
      assert.deepEqual(containerFromCgroupPath(path), expected);
    });
  }
});

describe('cgroupPath reads every spelling of a cgroup line', () => {
  const cases: readonly [string, string | null][] = [
    [`cpuset=/docker/${ID}`, `/docker/${ID}`],
    ['name=systemd=/user.slice', '/user.slice'],
    [`0::/system.slice/docker-${ID}.scope`, `/system.slice/docker-${ID}.scope`],
    [`4:memory:/docker/${ID}\n`, `/docker/${ID}`],
    ['1:name=systemd:/init.scope', '/init.scope'],
    ['12:cpu,cpuacct:/', '/'],
    [
      `0::/kubepods-besteffort-${POD}.slice:cri-containerd:${ID}`,
      `/kubepods-besteffort-${POD}.slice:cri-containerd:${ID}`,
    ],
    ['/plain/path/', '/plain/path'],
    ['rdma=', null],
    ['garbage', null],
    ['', null],
  ];
  for (const [line, path] of cases) {
    test(JSON.stringify(line), () => assert.equal(cgroupPath(line), path));
  }
});

describe('containerFromCgroups', () => {
  test('scap cgroups of a docker process (falco-psp/run_as_user_0_container.scap)', () => {
    const subsystems = ['cpuset', 'cpu', 'cpuacct', 'blkio', 'memory', 'devices', 'freezer', 'net_cls', 'perf_event'];
    const lines = [...subsystems.map((s) => `${s}=/docker/${ID}`), 'rdma=/'];
    assert.deepEqual(containerFromCgroups(lines), c('docker', ID));
  });

  test('/proc/PID/cgroup of a docker process on cgroup v1 with a systemd name hierarchy', () => {
    const proc = `12:pids:/docker/${ID}\n11:memory:/docker/${ID}\n1:name=systemd:/docker/${ID}\n0::/\n`;
    assert.deepEqual(containerFromCgroups(proc.split('\n')), c('docker', ID));
  });

  test('cgroup v2 only', () => {
    assert.deepEqual(containerFromCgroups([`0::/system.slice/docker-${ID}.scope`]), c('docker', ID));
  });

  test('the first line naming a container wins, as in Falco', () => {
    const lines = ['cpuset=/', `memory=/machine.slice/libpod-${ID2}.scope`, `cpu=/docker/${ID}`];
    assert.deepEqual(containerFromCgroups(lines), c('podman', ID2));
  });

  test('a host process: null', () => {
    assert.equal(containerFromCgroups(['0::/init.scope']), null);
    assert.equal(containerFromCgroups(['cpuset=/', 'memory=/process_api/53f499bc96e391e15cace1398b529915']), null);
    assert.equal(containerFromCgroups([]), null);
  });

  test('repeated lookups answer the same (the cache does not change answers)', () => {
    for (let i = 0; i < 3; i++) assert.deepEqual(containerFromCgroups([`cpu=/docker/${ID}`]), c('docker', ID));
  });
});

describe('properties', () => {
  const hex64 = fc.stringMatching(/^[0-9a-f]{64}$/);
  const segment = fc.stringMatching(/^[a-z][a-z0-9_.-]{0,15}$/);

  test('any docker id under any parent path is found, and its short id is its first 12 characters', () => {
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 4 }), hex64, (parents, id) => {
        const path = `/${[...parents, 'docker', id].join('/')}`;
        assert.deepEqual(containerFromCgroupPath(path), c('docker', id));
      }),
    );
  });

  test('never throws, and an id is never empty', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (line) => {
        const path = cgroupPath(line);
        if (path === null) return;
        const r = containerFromCgroupPath(path);
        if (r !== null) {
          assert.ok(r.id.length > 0 && r.id.length <= r.fullId.length);
        }
      }),
    );
  });
});
