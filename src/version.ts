// One place for the versions Peregrine reports (`--version`, `/versions`, `--support`, `-V` JSON).
export const PEREGRINE_VERSION = '0.1.0';
/** The Falco rules engine version whose rule language Peregrine implements (`required_engine_version`). */
export const ENGINE_VERSION = '0.57.0';
/** The schema version of the event table we decode (libs' driver SCHEMA_VERSION at the table's commit). */
export const EVENT_SCHEMA_VERSION = '4.5.1';
/**
 * The Falco release whose configuration keys, flags, outputs and alert JSON Peregrine follows, and the
 * falcosecurity/libs release that Falco ships (libs 0.25.4 in Falco 0.44.1): reported on /versions and by
 * `--version` under Falco's keys, as compatibility versions, for tools that ask a Falco instance (falcoctl).
 */
export const FALCO_COMPAT_VERSION = '0.44.1';
export const LIBS_COMPAT_VERSION = '0.25.4';
