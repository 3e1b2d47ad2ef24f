// --rule-schema: the JSON schema of rules files, pretty-printed like Falco's.
import { RULE_SCHEMA } from '../../rules/schema.ts';

export function runRuleSchema(): number {
  process.stdout.write(`${JSON.stringify(RULE_SCHEMA, null, 2)}\n`);
  return 0;
}
