// Turns the checked-in protos (proto/, see proto/README.md for their source and version) into the protobufjs
// JSON descriptor the containerd and CRI clients load at run time:
// src/state/containers/grpc/descriptors.generated.json.
//
// Why a generated descriptor rather than parsing .proto files at run time: the bundle (dist/) and Peregrine's
// image carry no proto files, and loading a JSON descriptor needs only protobufjs/light (no parser). A test
// (test/state/grpc-descriptors.test.ts) fails when the file is not what this script makes from proto/.
//
//   node scripts/gen-grpc-descriptors.ts           write the file
//   node scripts/gen-grpc-descriptors.ts --print   print it instead (the test compares)
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

const root = fileURLToPath(new URL('..', import.meta.url));
export const DESCRIPTOR_PATH = join(root, 'src/state/containers/grpc/descriptors.generated.json');

/** The protos the clients use; their imports are found below proto/ (containerd's are relative to its api/). */
const ENTRY_FILES = [
  'containerd/services/containers/v1/containers.proto',
  'containerd/services/events/v1/events.proto',
  'containerd/services/images/v1/images.proto',
  'containerd/services/namespaces/v1/namespace.proto',
  'containerd/services/tasks/v1/tasks.proto',
  'containerd/services/version/v1/version.proto',
  'containerd/events/container.proto',
  'containerd/events/task.proto',
  'cri-api/runtime/v1/api.proto',
];

/** The well-known types the protos use: the rest of google.protobuf (descriptor.proto) is not kept. */
const WELL_KNOWN = new Set(['Any', 'Empty', 'Timestamp', 'FieldMask', 'Duration']);

export function buildDescriptor(): string {
  const protoDir = join(root, 'proto');
  const r = new protobuf.Root();
  r.resolvePath = (origin: string, target: string): string => {
    if (target.startsWith('google/protobuf/')) {
      // protobufjs has any/empty/timestamp/… built in; descriptor.proto (imported by containerd's fieldpath
      // options) comes with the package
      return target.endsWith('descriptor.proto') ? join(root, 'node_modules/protobufjs', target) : target;
    }
    if (target.startsWith(protoDir)) return target;
    if (origin.includes('/proto/containerd/')) return join(protoDir, 'containerd', target);
    return join(protoDir, target);
  };
  r.loadSync(
    ENTRY_FILES.map((f) => join(protoDir, f)),
    { keepCase: true },
  );
  r.resolveAll();
  const json = r.toJSON() as { nested: Record<string, { nested?: Record<string, unknown> }> };
  // containerd's fieldpath options extend google.protobuf.FileOptions/MessageOptions: they only steer Go code
  // generation, and keeping them would keep all of descriptor.proto
  const types = json.nested.containerd?.nested?.types as { nested?: Record<string, unknown> } | undefined;
  for (const key of Object.keys(types?.nested ?? {})) {
    const v = types?.nested?.[key] as { extend?: string } | undefined;
    if (v?.extend?.startsWith('google.protobuf.')) {
      delete types?.nested?.[key];
      delete types?.nested?.[`_${key}`]; // the synthetic oneof protobufjs gives an optional extension field
    }
  }
  const google = json.nested.google?.nested?.protobuf as { nested: Record<string, unknown> } | undefined;
  if (google !== undefined) {
    for (const key of Object.keys(google.nested)) if (!WELL_KNOWN.has(key)) delete google.nested[key];
  }
  return `${JSON.stringify(json)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = buildDescriptor();
  if (process.argv.includes('--print')) process.stdout.write(text);
  else {
    writeFileSync(DESCRIPTOR_PATH, text);
    process.stderr.write(`wrote ${DESCRIPTOR_PATH} (${text.length} bytes)\n`);
  }
}
