// Parsing a container's /etc/passwd and /etc/group as libsinsp does: the first entry of an id wins, NSS
// markers and malformed lines are skipped, and a bad id never becomes 0 (root).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseGroup, parsePasswd } from '../../src/state/container-accounts.ts';

test('passwd: entries by uid, first wins, malformed and NSS lines skipped', () => {
  const users = parsePasswd(
    [
      'root:x:0:0:root:/root:/bin/ash',
      'app:x:1000:1000:App:/srv/app:/sbin/nologin\r',
      'dup:x:1000:1:second:/x:/bin/sh',
      '+nss:x:2000:2000::/:/bin/sh',
      'short:x:3000:3000',
      'bad:x:abc:0::/:/bin/sh',
      'huge:x:99999999999:0::/:/bin/sh',
      '',
    ].join('\n'),
  );
  assert.deepEqual([...users.keys()], [0, 1000]);
  assert.deepEqual(users.get(1000), { uid: 1000, gid: 1000, name: 'app', homedir: '/srv/app', shell: '/sbin/nologin' });
  assert.equal(users.get(0)?.shell, '/bin/ash');
});

test('group: entries by gid, first wins, malformed lines skipped', () => {
  const groups = parseGroup('root:x:0:\nwheel:x:10:root,app\nagain:x:10:\n-nss:x:20:\nbroken:x\n');
  assert.deepEqual(
    [...groups.values()],
    [
      { gid: 0, name: 'root' },
      { gid: 10, name: 'wheel' },
    ],
  );
});
