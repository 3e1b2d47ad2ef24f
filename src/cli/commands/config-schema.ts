// --config-schema: the JSON schema of the configuration file (every falco.yaml key Peregrine reads), then exit.
import { configJsonSchema } from '../../config/schema.ts';

export function runConfigSchema(): number {
  process.stdout.write(`${JSON.stringify(configJsonSchema(), null, 2)}\n`);
  return 0;
}
