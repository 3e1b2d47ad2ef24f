import assert from 'node:assert/strict';
import { test } from 'node:test';
import { containerToJson, parseContainerJson } from '../../src/state/containers/container-json.ts';
import type { ContainerInfo } from '../../src/state/containers/model.ts';

// The container-json event of falco-psp/privileged.scap (event 1405), as sysdig prints it.
const PRIVILEGED =
  '{"container":{"Mounts":[],"cpu_period":100000,"cpu_quota":0,"cpu_shares":1024,"env":[],"id":"9dbcbd0c435f","image":"nginx:latest","imagedigest":"sha256:96fb261b66270b900ea5a2c17a26abbfabe95506e73c3a3c65869a6dbe83223a","imageid":"f68d6e55e06520f152403e6d96d0de5c9790a89b4cfc99f4626f68146fa1dbdc","imagerepo":"nginx","imagetag":"latest","ip":"172.17.0.2","is_pod_sandbox":false,"labels":{"maintainer":"NGINX Docker Maintainers <docker-maint@nginx.com>"},"memory_limit":0,"metadata_deadline":0,"name":"epic_cray","port_mappings":[],"privileged":true,"swap_limit":0,"type":0}}';
// One of sysdig-inspect/502Error.scap's (2016): only id, image, name and type.
const OLD =
  '{"container":{"id":"70bf2f2a0c42","image":"gcr.io/google_containers/hyperkube-amd64:v1.4.0","name":"k8s_scheduler.bd5303eb_k8s-master-127.0.0.1_kube-system_c6a443fd7470d526a9d9fbded1a75153_8e3d77af","type":0}}';

function ok(text: string): ContainerInfo {
  const r = parseContainerJson(text);
  assert.ok(!('error' in r), 'error' in r ? r.error : '');
  return r as ContainerInfo;
}

test('falco-psp/privileged.scap: every field of a Falco 0.2x container-json', () => {
  const c = ok(PRIVILEGED);
  assert.equal(c.id, '9dbcbd0c435f');
  assert.equal(c.fullId, '9dbcbd0c435f', 'no full_id in this capture: the short id stands in');
  assert.equal(c.type, 'docker');
  assert.equal(c.name, 'epic_cray');
  assert.equal(c.image, 'nginx:latest');
  assert.equal(c.imageRepository, 'nginx');
  assert.equal(c.imageTag, 'latest');
  assert.equal(c.imageDigest, 'sha256:96fb261b66270b900ea5a2c17a26abbfabe95506e73c3a3c65869a6dbe83223a');
  assert.equal(c.imageId, 'f68d6e55e06520f152403e6d96d0de5c9790a89b4cfc99f4626f68146fa1dbdc');
  assert.equal(c.privileged, true);
  assert.equal(c.ip, '172.17.0.2');
  assert.equal(c.labels.get('maintainer'), 'NGINX Docker Maintainers <docker-maint@nginx.com>');
  assert.equal(c.partial, false);
});

test('sysdig-inspect/502Error.scap: the 2016 subset', () => {
  const c = ok(OLD);
  assert.equal(c.id, '70bf2f2a0c42');
  assert.equal(c.image, 'gcr.io/google_containers/hyperkube-amd64:v1.4.0');
  assert.equal(c.imageRepository, '', 'not in the capture: not made up');
  assert.equal(c.privileged, false);
  assert.deepEqual(c.mounts, []);
});

test('container types by Falco’s numbers', () => {
  const types = [0, 6, 7, 8, 11, 99].map((t) => ok(`{"container":{"id":"a","type":${t}}}`).type);
  assert.deepEqual(types, ['docker', 'cri', 'containerd', 'cri-o', 'podman', 'unknown']);
});

test('bad payloads are errors, not exceptions', () => {
  assert.match((parseContainerJson('{') as { error: string }).error, /^container JSON: /);
  assert.deepEqual(parseContainerJson('{"x":1}'), { error: 'container JSON: no "container" object' });
  assert.deepEqual(parseContainerJson('{"container":{}}'), { error: 'container JSON: the container has no id' });
});

test('what Peregrine writes, it reads back the same', () => {
  const c: ContainerInfo = {
    ...ok(PRIVILEGED),
    fullId: `9dbcbd0c435f${'0'.repeat(52)}`,
    mounts: [{ source: '/proc', dest: '/host/proc', mode: 'ro', rdwr: false, propagation: 'rprivate' }],
    probes: [{ kind: 'healthcheck', exe: '/bin/sh', args: ['-c', 'true'] }],
    podSandboxLabels: new Map([['app', 'web']]),
    type: 'podman',
  };
  assert.deepEqual(ok(containerToJson(c)), c);
});

test('libsinsp’s placeholder for a lookup in progress is a partial record, not a container named "incomplete"', () => {
  const placeholder =
    '{"container":{"id":"697956520d89","image":"incomplete","imagedigest":"incomplete","imageid":"incomplete","imagerepo":"incomplete","imagetag":"incomplete","ip":"0.0.0.0","name":"incomplete","type":0}}';
  assert.equal(ok(placeholder).partial, true);
  assert.equal(ok('{"container":{"id":"a","name":"web","lookup_state":0}}').partial, true);
  assert.equal(ok('{"container":{"id":"a","name":"web","lookup_state":1}}').partial, false);
});
