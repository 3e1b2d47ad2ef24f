// What the containerd and CRI answers become (container.* and k8s.* read these records), for the shapes the
// live tests cannot produce here: kubelet's requests (image by id, the pod spec's image in
// user_specified_image), CRI-O's digested image_ref and `privileged` key, broken runtime documents. The real
// containerd's own answers are checked in test/containers/containerd-runtime.test.ts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { buildDescriptor, DESCRIPTOR_PATH } from '../../scripts/gen-grpc-descriptors.ts';
import type { ContainerdContainer } from '../../src/state/containers/containerd-client.ts';
import { containerdToContainerInfo, isPrivileged, parseSpec } from '../../src/state/containers/containerd-metadata.ts';
import type { CriContainerStatus, CriPodSandboxStatus, Verbose } from '../../src/state/containers/cri-client.ts';
import { criSandboxToContainerInfo, criToContainerInfo } from '../../src/state/containers/cri-metadata.ts';
import { containerSettingsFrom, DEFAULT_SOCKETS } from '../../src/state/containers/settings.ts';

const ID = '3d9095542b2520ab40a8128187b94fd9c2bfabd334ed423b5160b98d4dd77352';
const SANDBOX = 'af60438af82e0ba403df2e4ae173d6b0cd431657dde912103cac0c8f22f9d9d3';
const IMAGE_ID = '06050ebc6aedb3e39b3292429d5f14123a88e495492edf120d5b55ade2f89a29';

function status(over: Partial<CriContainerStatus> = {}): CriContainerStatus {
  return {
    id: ID,
    metadata: { name: 'app' },
    state: 'CONTAINER_RUNNING',
    created_at: 1796314801728460500,
    started_at: 1796314801981972000,
    image: { image: 'docker.io/library/nginx:1.25', user_specified_image: '' },
    image_ref: `sha256:${IMAGE_ID}`,
    image_id: '',
    labels: { 'io.kubernetes.container.name': 'app', big: 'x'.repeat(200) },
    annotations: {},
    mounts: [
      { container_path: '/data', host_path: '/srv/data', readonly: false, propagation: 'PROPAGATION_BIDIRECTIONAL' },
      { container_path: '/host/etc', host_path: '/etc', readonly: true, propagation: 'PROPAGATION_HOST_TO_CONTAINER' },
    ],
    user: { linux: { uid: 1000 } },
    resources: {
      linux: {
        cpu_period: 0,
        cpu_quota: 50000,
        cpu_shares: 512,
        memory_limit_in_bytes: 268435456,
        memory_swap_limit_in_bytes: 0,
        cpuset_cpus: '0-1',
      },
    },
    ...over,
  };
}

const sandbox: Verbose<CriPodSandboxStatus> = {
  status: {
    id: SANDBOX,
    metadata: { name: 'web-0', uid: 'c0ffee00-0000-4000-8000-000000000002', namespace: 'shop' },
    state: 'SANDBOX_READY',
    created_at: 1796314801324813300,
    network: { ip: '10.1.2.3' },
    linux: { namespaces: { options: { network: 'POD', pid: 'NODE', ipc: 'POD' } } },
    labels: { app: 'web', tier: 'front' },
    annotations: {},
  },
  info: { info: JSON.stringify({ pid: 4242, image: 'registry.k8s.io/pause:3.9' }) },
};

function verbose(s: CriContainerStatus, info: object): Verbose<CriContainerStatus> {
  return { status: s, info: { info: JSON.stringify(info) } };
}

const opts = { type: 'containerd' as const, labelMaxLen: 100, sandbox, image: undefined };

test('a CRI container: name, pod identity as io.kubernetes.* labels, pod labels, host namespaces from the sandbox', () => {
  const c = criToContainerInfo(verbose(status(), { pid: 777 }), SANDBOX, opts);
  assert.ok(c !== undefined);
  assert.equal(c.id, ID.slice(0, 12));
  assert.equal(c.name, 'app');
  assert.equal(c.image, 'docker.io/library/nginx:1.25');
  assert.equal(c.imageRepository, 'docker.io/library/nginx');
  assert.equal(c.imageTag, '1.25');
  assert.equal(c.imageId, IMAGE_ID, 'containerd gives the image id as image_ref');
  assert.equal(c.labels.get('io.kubernetes.pod.name'), 'web-0');
  assert.equal(c.labels.get('io.kubernetes.pod.namespace'), 'shop');
  assert.equal(c.labels.get('io.kubernetes.pod.uid'), 'c0ffee00-0000-4000-8000-000000000002');
  assert.equal(c.labels.get('io.kubernetes.sandbox.id'), SANDBOX);
  assert.equal(c.labels.has('big'), false, 'labels longer than label_max_len are left out');
  assert.deepEqual(Object.fromEntries(c.podSandboxLabels), { app: 'web', tier: 'front' });
  assert.equal(c.hostPid, true);
  assert.equal(c.hostNetwork, false);
  assert.equal(c.ip, '10.1.2.3');
  assert.equal(c.user, '1000');
  assert.equal(c.initPid, 777);
  assert.equal(c.cpuShares, 512);
  assert.equal(c.cpuQuota, 50000);
  assert.equal(c.cpuPeriod, 100000, 'no period: the kernel default');
  assert.equal(c.memoryLimit, 268435456);
  assert.equal(c.cpusetCpuCount, 2);
  assert.equal(c.createdTime, 1796314801);
  assert.deepEqual(c.mounts, [
    { source: '/srv/data', dest: '/data', mode: '', rdwr: true, propagation: 'rshared' },
    { source: '/etc', dest: '/host/etc', mode: '', rdwr: false, propagation: 'rslave' },
  ]);
  assert.equal(c.privileged, false);
});

test('privileged: containerd keeps the CRI config in its details, CRI-O a privileged key', () => {
  const fromConfig = criToContainerInfo(
    verbose(status(), { config: { linux: { security_context: { privileged: true } } } }),
    SANDBOX,
    opts,
  );
  assert.equal(fromConfig?.privileged, true);
  const crio = criToContainerInfo(verbose(status(), { privileged: true }), SANDBOX, { ...opts, type: 'cri-o' });
  assert.equal(crio?.privileged, true);
  assert.equal(crio?.type, 'cri-o');
});

test('the image: what the pod spec named, never an id, and the digest CRI-O gives in image_ref', () => {
  // kubelet creates containers by image id and says what the pod spec named in user_specified_image
  const kubelet = criToContainerInfo(
    verbose(
      status({
        image: { image: `sha256:${IMAGE_ID}`, user_specified_image: 'nginx:1.25' },
      }),
      { config: { image: { image: `sha256:${IMAGE_ID}` } } },
    ),
    SANDBOX,
    opts,
  );
  assert.equal(kubelet?.image, 'nginx:1.25');
  assert.equal(kubelet?.imageRepository, 'nginx');
  // containerd 1.6: the status names the image's first tag; the request named another of its tags
  const tagged = criToContainerInfo(
    verbose(status({ image: { image: 'docker.io/a/other:1', user_specified_image: '' } }), {
      config: { image: { image: 'docker.io/a/wanted:2' } },
      runtimeSpec: { annotations: { 'io.kubernetes.cri.image-name': 'docker.io/a/other:1' } },
    }),
    SANDBOX,
    opts,
  );
  assert.equal(tagged?.image, 'docker.io/a/wanted:2');
  // CRI-O: image_ref is the digested reference
  const crio = criToContainerInfo(
    verbose(
      status({
        image: { image: 'quay.io/shop/web:3.1', user_specified_image: '' },
        image_ref: 'quay.io/shop/web@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
        image_id: `sha256:${IMAGE_ID}`,
      }),
      {},
    ),
    SANDBOX,
    { ...opts, type: 'cri-o' },
  );
  assert.equal(crio?.imageDigest, `sha256:${'a'.repeat(64)}`);
  assert.equal(crio?.imageTag, '3.1');
  assert.equal(crio?.imageId, IMAGE_ID);
  // only an id anywhere: the image's first tag from ImageStatus
  const byId = criToContainerInfo(
    verbose(status({ image: { image: `sha256:${IMAGE_ID}`, user_specified_image: '' } }), {}),
    SANDBOX,
    {
      ...opts,
      image: {
        id: `sha256:${IMAGE_ID}`,
        repo_tags: ['docker.io/library/redis:7'],
        repo_digests: [`docker.io/library/redis@sha256:${'b'.repeat(64)}`],
      },
    },
  );
  assert.equal(byId?.image, 'docker.io/library/redis:7');
  assert.equal(byId?.imageDigest, `sha256:${'b'.repeat(64)}`);
});

test('verbose details that are not JSON cost the details, not the record', () => {
  const c = criToContainerInfo({ status: status(), info: { info: '{not json' } }, SANDBOX, opts);
  assert.equal(c?.name, 'app');
  assert.equal(c?.initPid, 0);
  assert.equal(c?.privileged, false);
  assert.equal(criToContainerInfo({ status: null, info: {} }, SANDBOX, opts), undefined);
});

test('a pod sandbox is a container named after its pod, with the sandbox image', () => {
  const s = criSandboxToContainerInfo(sandbox, { type: 'containerd', labelMaxLen: 100 });
  assert.equal(s?.isPodSandbox, true);
  assert.equal(s?.name, 'web-0');
  assert.equal(s?.image, 'registry.k8s.io/pause:3.9');
  assert.equal(s?.imageTag, '3.9');
  assert.equal(s?.podSandboxId, SANDBOX);
  assert.equal(s?.initPid, 4242);
  assert.equal(s?.labels.get('io.kubernetes.pod.name'), 'web-0');
});

function ctrContainer(spec: object | string, over: Partial<ContainerdContainer> = {}): ContainerdContainer {
  const json = typeof spec === 'string' ? spec : JSON.stringify(spec);
  return {
    id: 'redis-server',
    labels: { 'io.kubernetes.pod.name': 'cache-0', 'nerdctl/name': 'redis' },
    image: 'docker.io/library/redis:7',
    spec: { type_url: 'types.containerd.io/opencontainers/runtime-spec/1/Spec', value: Buffer.from(json) },
    created_at: { seconds: 1796314711, nanos: 0 },
    sandbox: '',
    ...over,
  };
}

/** What `ctr run` writes without --privileged (abridged) and with it. */
const DEFAULT_SPEC = {
  process: { user: { uid: 0 }, env: ['PATH=/bin'] },
  mounts: [
    { destination: '/proc', type: 'proc', source: 'proc', options: ['nosuid'] },
    { destination: '/sys', type: 'sysfs', source: 'sysfs', options: ['nosuid', 'ro'] },
    { destination: '/data', type: 'bind', source: '/srv', options: ['rbind', 'rshared', 'ro'] },
  ],
  linux: {
    namespaces: [{ type: 'pid' }, { type: 'ipc' }, { type: 'uts' }, { type: 'mount' }],
    maskedPaths: ['/proc/kcore'],
    readonlyPaths: ['/proc/sys'],
    resources: { cpu: { shares: 2048, quota: 10000, period: 50000, cpus: '0' }, memory: { limit: 1048576 } },
  },
};
const PRIVILEGED_SPEC = {
  ...DEFAULT_SPEC,
  mounts: [{ destination: '/sys', type: 'sysfs', source: 'sysfs', options: ['nosuid', 'rw'] }],
  linux: { namespaces: [{ type: 'pid' }, { type: 'network' }] },
};

test("a containerd container: nerdctl's name, host namespaces from the spec, mounts with their options", () => {
  const c = containerdToContainerInfo(ctrContainer(DEFAULT_SPEC), parseSpec(ctrContainer(DEFAULT_SPEC)), {
    imageDigest: `sha256:${'c'.repeat(64)}`,
    initPid: 99,
    sandboxLabels: undefined,
    labelMaxLen: 100,
  });
  assert.equal(c.type, 'containerd');
  assert.equal(c.id, 'redis-server', 'a 12-character name is its own short id');
  assert.equal(c.name, 'redis', "nerdctl's name label");
  assert.equal(c.imageRepository, 'docker.io/library/redis');
  assert.equal(c.imageTag, '7');
  assert.equal(c.imageDigest, `sha256:${'c'.repeat(64)}`);
  assert.equal(c.hostNetwork, true, 'no network namespace in the spec: the host network');
  assert.equal(c.hostPid, false);
  assert.equal(c.privileged, false);
  assert.equal(c.user, '0');
  assert.equal(c.cpuShares, 2048);
  assert.equal(c.cpuPeriod, 50000);
  assert.equal(c.memoryLimit, 1048576);
  assert.deepEqual(c.mounts[2], { source: '/srv', dest: '/data', mode: '', rdwr: false, propagation: 'rshared' });
  assert.equal(c.labels.get('io.kubernetes.pod.name'), 'cache-0');
});

test('privileged is what containerd.WithPrivileged leaves in the spec', () => {
  assert.equal(isPrivileged(DEFAULT_SPEC), false);
  assert.equal(isPrivileged(PRIVILEGED_SPEC), true);
  assert.equal(isPrivileged({ ...PRIVILEGED_SPEC, linux: { ...PRIVILEGED_SPEC.linux, seccomp: {} } }), false);
  assert.equal(isPrivileged({ process: {} }), false, 'no linux section: not privileged');
});

test('a spec that is not JSON: the record keeps what the container record says', () => {
  const broken = ctrContainer('{"process":');
  assert.equal(parseSpec(broken), undefined);
  const c = containerdToContainerInfo(broken, undefined, {
    imageDigest: '',
    initPid: 0,
    sandboxLabels: undefined,
    labelMaxLen: 100,
  });
  assert.equal(c.name, 'redis');
  assert.equal(c.image, 'docker.io/library/redis:7');
  assert.equal(c.privileged, false);
  assert.equal(c.hostNetwork, false, 'unknown, not claimed');
});

test('container_engines.containerd and .cri are read separately; the plugin form too', () => {
  const d = containerSettingsFrom({}, {});
  assert.ok(!('error' in d));
  assert.deepEqual(d.containerd.sockets, DEFAULT_SOCKETS.containerd);
  assert.deepEqual(d.cri.sockets, DEFAULT_SOCKETS.cri);
  const s = containerSettingsFrom(
    {
      container_engines: {
        cri: { enabled: true, sockets: ['/run/crio/crio.sock'] },
        containerd: { enabled: false, sockets: ['/run/x.sock'] },
      },
    },
    { HOST_ROOT: '/host' },
  );
  assert.ok(!('error' in s));
  assert.deepEqual(s.cri, { enabled: true, sockets: ['/run/crio/crio.sock'] });
  assert.deepEqual(s.containerd, { enabled: false, sockets: ['/run/x.sock'] });
  assert.equal(s.hostRoot, '/host');
  const plugin = containerSettingsFrom(
    { plugins: [{ name: 'container', init_config: { engines: { containerd: { sockets: ['/run/k.sock'] } } } }] },
    {},
  );
  assert.ok(!('error' in plugin));
  assert.deepEqual(plugin.containerd, { enabled: true, sockets: ['/run/k.sock'] });
  const bad = containerSettingsFrom({ container_engines: { containerd: { sockets: ['relative.sock'] } } }, {});
  assert.deepEqual(bad, { error: 'container_engines.containerd.sockets: expected a list of absolute socket paths' });
});

test('the gRPC descriptor is what scripts/gen-grpc-descriptors.ts makes from proto/', () => {
  assert.equal(readFileSync(DESCRIPTOR_PATH, 'utf8'), buildDescriptor(), 'run: node scripts/gen-grpc-descriptors.ts');
});
