// One place for the versions Peregrine reports (`--version`, `/versions`, `--support`, `-V` JSON).
export const PEREGRINE_VERSION = '0.1.0';
/** The Falco rules engine version whose rule language Peregrine implements (`required_engine_version`). */
export const ENGINE_VERSION = '0.57.0';
/** The schema version of the event table we decode (libs' driver SCHEMA_VERSION at the table's commit). */
export const EVENT_SCHEMA_VERSION = '4.5.1';
