// The versions Peregrine reports on /versions and in --support, with Falco's keys where they apply so tools
// that read a Falco instance (falcoctl) find what they look for.
import {
  ENGINE_VERSION,
  EVENT_SCHEMA_VERSION,
  FALCO_COMPAT_VERSION,
  LIBS_COMPAT_VERSION,
  PEREGRINE_VERSION,
} from '../version.ts';

export interface VersionsInfo {
  readonly [key: string]: string | Readonly<Record<string, string>>;
}

export function versionsInfo(): VersionsInfo {
  const minor = ENGINE_VERSION.split('.')[1] ?? '0';
  return {
    peregrine_version: PEREGRINE_VERSION,
    // Falco's keys: the versions Peregrine is compatible with (src/version.ts)
    falco_version: FALCO_COMPAT_VERSION,
    libs_version: LIBS_COMPAT_VERSION,
    engine_version: minor,
    engine_version_semver: ENGINE_VERSION,
    driver_schema_version: EVENT_SCHEMA_VERSION,
    nodejs_version: process.versions.node,
    plugin_versions: {},
  };
}
