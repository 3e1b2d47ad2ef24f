import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DockerContainerInspect } from '../../src/state/containers/docker-client.ts';
import {
  countCpuSet,
  dockerToContainerInfo,
  imageFields,
  parseImageReference,
  rfc3339ToNs,
} from '../../src/state/containers/docker-metadata.ts';
import { labelsToString, mountToString } from '../../src/state/containers/model.ts';

const ID = '697956520d891b5cb0e215093970c733549a3f745f52263c05b37f8a488994f3';
const IMG = 'f68d6e55e06520f152403e6d96d0de5c9790a89b4cfc99f4626f68146fa1dbdc';

describe('parseImageReference', () => {
  const cases: readonly [string, string, string, string][] = [
    ['nginx', 'nginx', 'latest', ''],
    ['nginx:1.25', 'nginx', '1.25', ''],
    ['falcosecurity/falco:0.38.0', 'falcosecurity/falco', '0.38.0', ''],
    ['registry.example.com:5000/foo/bar:latest', 'registry.example.com:5000/foo/bar', 'latest', ''],
    ['registry.example.com:5000/foo/bar', 'registry.example.com:5000/foo/bar', 'latest', ''],
    ['registry.example.com:5000/foo/bar@sha256:abcd', 'registry.example.com:5000/foo/bar', '', 'sha256:abcd'],
    ['foo/bar:v1@sha256:abcd', 'foo/bar', 'v1', 'sha256:abcd'],
    ['localhost:5000/app', 'localhost:5000/app', 'latest', ''],
    ['peregrine-test/busybox:latest', 'peregrine-test/busybox', 'latest', ''],
  ];
  for (const [ref, repository, tag, digest] of cases) {
    test(ref, () => assert.deepEqual(parseImageReference(ref), { repository, tag, digest }));
  }
});

describe('imageFields', () => {
  test('digest from the image record whose repository matches', () => {
    const f = imageFields('nginx:latest', `sha256:${IMG}`, {
      Id: `sha256:${IMG}`,
      RepoTags: ['nginx:latest'],
      RepoDigests: ['other@sha256:1111', 'nginx@sha256:96fb261b'],
    });
    assert.deepEqual(f, {
      image: 'nginx:latest',
      imageId: IMG,
      imageRepository: 'nginx',
      imageTag: 'latest',
      imageDigest: 'sha256:96fb261b',
    });
  });

  test('docker.io/library/ names the same repository', () => {
    const f = imageFields('busybox', `sha256:${IMG}`, {
      Id: `sha256:${IMG}`,
      RepoDigests: ['docker.io/library/busybox@sha256:22', 'x@sha256:33'],
    });
    assert.equal(f.imageDigest, 'sha256:22');
  });

  test('an image without a registry has no digest', () => {
    const f = imageFields('peregrine-test/busybox:latest', `sha256:${IMG}`, {
      Id: `sha256:${IMG}`,
      RepoTags: ['peregrine-test/busybox:latest'],
      RepoDigests: [],
    });
    assert.equal(f.imageDigest, '');
    assert.equal(f.imageRepository, 'peregrine-test/busybox');
  });

  test('a container started from an image id is named by the image tag', () => {
    const f = imageFields(IMG.slice(0, 12), `sha256:${IMG}`, { Id: `sha256:${IMG}`, RepoTags: ['app/web:2'] });
    assert.equal(f.image, 'app/web:2');
    assert.equal(f.imageRepository, 'app/web');
    assert.equal(f.imageTag, '2');
  });

  test('an image id with no tag at all leaves repository and tag empty', () => {
    const f = imageFields(`sha256:${IMG}`, `sha256:${IMG}`, { Id: `sha256:${IMG}`, RepoTags: [] });
    assert.equal(f.image, `sha256:${IMG}`);
    assert.equal(f.imageRepository, '');
    assert.equal(f.imageId, IMG);
  });
});

describe('dockerToContainerInfo', () => {
  const inspect: DockerContainerInspect = {
    Id: ID,
    Name: '/web',
    Created: '2026-11-27T20:35:42.036731335Z',
    Image: `sha256:${IMG}`,
    State: { Running: true, Pid: 42, StartedAt: '2026-11-27T20:35:42.119664103Z' },
    Config: {
      Image: 'nginx:1.25',
      User: 'www',
      Env: ['PATH=/bin'],
      Labels: { maintainer: 'me', 'io.kubernetes.pod.name': 'web-0', long: 'x'.repeat(101) },
      Healthcheck: { Test: ['CMD-SHELL', 'curl -f http://localhost/'] },
    },
    HostConfig: { Privileged: true, NetworkMode: 'host', PidMode: 'host', IpcMode: 'private', CpusetCpus: '0-3,7' },
    NetworkSettings: { IPAddress: '', Networks: { bridge: { IPAddress: '172.17.0.2' } } },
    Mounts: [
      {
        Type: 'bind',
        Source: '/var/run/docker.sock',
        Destination: '/host/var/run/docker.sock',
        Mode: '',
        RW: true,
        Propagation: 'rprivate',
      },
      { Type: 'bind', Source: '/proc', Destination: '/host/proc', Mode: 'ro', RW: false, Propagation: 'rprivate' },
    ],
  };
  const info = dockerToContainerInfo(inspect, { type: 'docker', labelMaxLen: 100 });

  test('identity and image', () => {
    assert.equal(info.id, ID.slice(0, 12));
    assert.equal(info.fullId, ID);
    assert.equal(info.name, 'web');
    assert.equal(info.type, 'docker');
    assert.equal(info.image, 'nginx:1.25');
    assert.equal(info.imageRepository, 'nginx');
    assert.equal(info.imageTag, '1.25');
    assert.equal(info.imageId, IMG);
    assert.equal(info.partial, false);
  });

  test('privileges and namespaces', () => {
    assert.equal(info.privileged, true);
    assert.equal(info.hostNetwork, true);
    assert.equal(info.hostPid, true);
    assert.equal(info.hostIpc, false);
    assert.equal(info.ip, '172.17.0.2');
    assert.equal(info.cpusetCpuCount, 5);
  });

  test('mounts in Falco’s source:dest:mode:rdwr:propagation form', () => {
    assert.deepEqual(info.mounts.map(mountToString), [
      '/var/run/docker.sock:/host/var/run/docker.sock::true:rprivate',
      '/proc:/host/proc:ro:false:rprivate',
    ]);
  });

  test('labels: values over label_max_len are left out; container.labels hides io.kubernetes.*', () => {
    assert.equal(info.labels.get('long'), undefined);
    assert.equal(info.labels.get('io.kubernetes.pod.name'), 'web-0');
    assert.equal(labelsToString(info.labels), 'maintainer:me');
  });

  test('healthcheck CMD-SHELL runs through /bin/sh -c', () => {
    assert.deepEqual(info.probes, [{ kind: 'healthcheck', exe: '/bin/sh', args: ['-c', 'curl -f http://localhost/'] }]);
  });

  test('times', () => {
    assert.equal(info.startedAtNs, 1795811742119664103n);
    assert.equal(info.createdTime, 1795811742);
  });

  test('a dockershim sandbox carries its pod labels', () => {
    const sandbox = dockerToContainerInfo(
      {
        Id: ID,
        Name: '/k8s_POD_web-0_default_uid_0',
        Config: { Labels: { app: 'web', 'io.kubernetes.docker.type': 'podsandbox', 'io.kubernetes.pod.uid': 'u' } },
      },
      { type: 'docker', labelMaxLen: 100 },
    );
    assert.equal(sandbox.isPodSandbox, true);
    assert.deepEqual([...sandbox.podSandboxLabels], [['app', 'web']]);
    assert.equal(sandbox.podSandboxId, ID);
  });
});

test('rfc3339ToNs: Go’s zero time is unknown, not year 1', () => {
  assert.equal(rfc3339ToNs('0001-01-01T00:00:00Z'), 0n);
  assert.equal(rfc3339ToNs('1970-01-01T00:00:01.5Z'), 1_500_000_000n);
  assert.equal(rfc3339ToNs('2026-01-01T01:00:00+01:00'), 1767225600_000_000_000n);
  assert.equal(rfc3339ToNs('nonsense'), 0n);
});

test('countCpuSet', () => {
  assert.equal(countCpuSet(''), 0);
  assert.equal(countCpuSet('1,7'), 2);
  assert.equal(countCpuSet('1-4,7-10,12'), 9);
  assert.equal(countCpuSet('1-2-3'), 0);
});
